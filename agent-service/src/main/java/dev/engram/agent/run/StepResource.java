package dev.engram.agent.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;

/** Letta's {@code /v1/steps}: one LLM call each, with its token usage, messages and feedback. */
@Path("/v1/steps")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "steps")
public class StepResource {

    private final StepRepository steps;
    private final MemoryClient memory;
    private final dev.engram.agent.agent.AgentRepository agents;
    private final ProviderTraces traces;

    public StepResource(StepRepository steps, MemoryClient memory, dev.engram.agent.agent.AgentRepository agents, ProviderTraces traces) {
        this.agents = agents;
        this.traces = traces;
        this.steps = steps;
        this.memory = memory;
    }

    /** {@code PATCH /v1/steps/{id}/feedback}. */
    public record ModifyFeedback(String feedback, List<String> tags) {
    }

    @GET
    @Operation(summary = "List steps (bare array, newest first by default; cursors after/before)")
    public Uni<List<StepView>> list(@Context HttpHeaders headers, @RestQuery("agent_id") String agentId, @RestQuery String model,
                                    @RestQuery String before, @RestQuery String after, @RestQuery Integer limit,
                                    @RestQuery @DefaultValue("desc") String order, @RestQuery("order_by") String orderBy,
                                    @RestQuery("start_date") String startDate, @RestQuery("end_date") String endDate,
                                    @RestQuery String feedback, @RestQuery("has_feedback") Boolean hasFeedback,
                                    @RestQuery List<String> tags, @RestQuery("trace_ids") List<String> traceIds,
                                    @RestQuery("project_id") String projectId) {
        Requests.orderBy(orderBy, "created_at");
        Requests.unsupported("trace_ids", traceIds != null && !traceIds.isEmpty());
        Requests.unsupported("project_id", projectId != null);
        StepRepository.Filter filter = new StepRepository.Filter(agentId, null, model, Requests.dateTime("start_date", startDate, false),
                Requests.dateTime("end_date", endDate, true), feedback(feedback), hasFeedback,
                tags == null || tags.isEmpty() ? null : tags);
        return Panache.withSession(() -> steps.page(Actor.of(headers).organizationId(), filter, after, before,
                        RunResource.limit(limit, 50), "asc".equals(Requests.order(order))))
                .map(l -> l.stream().map(StepView::of).toList());
    }

    @GET
    @Path("/{step_id}")
    @Operation(summary = "Retrieve a step")
    public Uni<StepView> get(@Context HttpHeaders headers, @RestPath("step_id") String stepId) {
        return require(headers, stepId).map(StepView::of);
    }

    @GET
    @Path("/{step_id}/metrics")
    @Operation(summary = "The step's times: its start and its LLM request's (ns since the epoch), the request, tool calls and step lengths (ns)")
    public Uni<StepMetricsView> metrics(@Context HttpHeaders headers, @RestPath("step_id") String stepId) {
        return require(headers, stepId).chain(s -> Panache.withSession(() -> agents.findInOrg(s.organizationId, s.agentId))
                .map(a -> StepMetricsView.of(s, a)));
    }

    @GET
    @Path("/{step_id}/trace")
    @Operation(summary = "The step's provider trace: the request it sent its model and the answer (null when none is kept)")
    public Uni<Response> trace(@Context HttpHeaders headers, @RestPath("step_id") String stepId) {
        // Letta answers a step without a trace with a JSON null, not an empty 204
        return require(headers, stepId).chain(s -> traces.ofStep(s.organizationId, s.id))
                .map(t -> Response.ok(t == null ? "null" : t.toString(), MediaType.APPLICATION_JSON).build());
    }

    @GET
    @Path("/{step_id}/messages")
    @Operation(summary = "The step's messages as Letta messages, with cursors")
    public Uni<List<JsonNode>> messages(@Context HttpHeaders headers, @RestPath("step_id") String stepId, @RestQuery String before,
                                        @RestQuery String after, @RestQuery Integer limit, @RestQuery @DefaultValue("asc") String order,
                                        @RestQuery("order_by") String orderBy) {
        Requests.orderBy(orderBy, "created_at");
        Actor actor = Actor.of(headers);
        return require(headers, stepId).chain(s -> memory.messages(actor, s.agentId, RunResource.messageQuery("step_id", s.id, before,
                after, RunResource.limit(limit, 100), Requests.order(order), true)));
    }

    @PATCH
    @Path("/{step_id}/feedback")
    @Operation(summary = "Set the step's feedback (positive, negative or null) and its feedback tags")
    public Uni<StepView> feedback(@Context HttpHeaders headers, @RestPath("step_id") String stepId, ModifyFeedback body) {
        ModifyFeedback request = body == null ? new ModifyFeedback(null, null) : body;
        String value = feedback(request.feedback());
        return Panache.withTransaction(() -> require(headers, stepId).invoke(s -> {
            s.feedback = value;
            if (request.tags() != null) {
                s.tags = new java.util.ArrayList<>(new java.util.LinkedHashSet<>(request.tags()));
            }
        })).map(StepView::of);
    }

    private static String feedback(String value) {
        if (value != null && !value.equals("positive") && !value.equals("negative")) {
            throw ApiException.unprocessable("feedback: Input should be 'positive' or 'negative'");
        }
        return value;
    }

    private Uni<StepRecord> require(HttpHeaders headers, String stepId) {
        String id = Ids.require("step", "step_id", stepId);
        return Panache.withSession(() -> steps.findInOrg(Actor.of(headers).organizationId(), id))
                .onItem().ifNull().failWith(() -> ApiException.notFound("Step " + id + " not found"));
    }
}
