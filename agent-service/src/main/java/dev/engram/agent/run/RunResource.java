package dev.engram.agent.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Letta's {@code /v1/runs}: every message request is a run, with its steps, messages and usage. */
@Path("/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs")
public class RunResource {

    private final RunRepository runs;
    private final StepRepository steps;
    private final MemoryClient memory;
    private final dev.engram.agent.tool.ToolRepository tools;
    private final dev.engram.agent.agent.AgentRepository agents;

    public RunResource(RunRepository runs, StepRepository steps, MemoryClient memory, dev.engram.agent.tool.ToolRepository tools,
                       dev.engram.agent.agent.AgentRepository agents) {
        this.tools = tools;
        this.agents = agents;
        this.runs = runs;
        this.steps = steps;
        this.memory = memory;
    }

    @GET
    @Operation(summary = "List runs (bare array, newest first by default)")
    public Uni<List<RunView>> list(@Context HttpHeaders headers, @RestQuery("agent_id") String agentId,
                                   @RestQuery("agent_ids") List<String> agentIds, @RestQuery List<String> statuses,
                                   @RestQuery Boolean background, @RestQuery("stop_reason") String stopReason,
                                   @RestQuery("conversation_id") String conversationId,
                                   @RestQuery String before, @RestQuery String after, @RestQuery Integer limit,
                                   @RestQuery @DefaultValue("desc") String order, @RestQuery("order_by") String orderBy,
                                   @RestQuery boolean active, @RestQuery Boolean ascending) {
        Requests.orderBy(orderBy, "created_at");
        List<String> agents = new ArrayList<>(agentIds == null ? List.of() : agentIds);
        if (agentId != null) {
            agents.add(agentId);
        }
        List<String> wanted = active ? RunRepository.ACTIVE : statuses;
        boolean asc = ascending != null ? ascending : "asc".equals(Requests.order(order));
        return Panache.withSession(() -> runs.page(Actor.of(headers).organizationId(),
                        new RunRepository.Filter(agents, wanted, background, stopReason, conversationId), after, before, limit(limit, 100), asc))
                .map(l -> l.stream().map(RunView::of).toList());
    }

    @GET
    @Path("/active")
    @Operation(summary = "Runs not finished yet")
    public Uni<List<RunView>> active(@Context HttpHeaders headers, @RestQuery("agent_id") String agentId,
                                     @RestQuery Boolean background) {
        return list(headers, agentId, null, null, background, null, null, null, null, 1000, "desc", null, true, null);
    }

    @GET
    @Path("/{run_id}")
    @Operation(summary = "Retrieve a run")
    public Uni<RunView> get(@Context HttpHeaders headers, @RestPath("run_id") String runId) {
        return require(headers, runId).map(RunView::of);
    }

    @DELETE
    @Path("/{run_id}")
    @Operation(summary = "Delete a run record (its messages stay in the agent's history)")
    public Uni<RunView> delete(@Context HttpHeaders headers, @RestPath("run_id") String runId) {
        return require(headers, runId).call(r -> Panache.withTransaction(() -> runs.deleteById(r.id))).map(RunView::of);
    }

    @GET
    @Path("/{run_id}/messages")
    @Operation(summary = "The run's messages as Letta messages, with cursors")
    public Uni<List<JsonNode>> messages(@Context HttpHeaders headers, @RestPath("run_id") String runId, @RestQuery String before,
                                        @RestQuery String after, @RestQuery Integer limit, @RestQuery @DefaultValue("asc") String order,
                                        @RestQuery("order_by") String orderBy) {
        Requests.orderBy(orderBy, "created_at");
        Actor actor = Actor.of(headers);
        return require(headers, runId).chain(r -> {
            JsonNode config = r.requestConfig;
            boolean assistant = config == null || config.path("use_assistant_message").asBoolean(true);
            return memory.messages(actor, r.agentId, messageQuery("run_id", r.id, before, after, limit(limit, 100), Requests.order(order),
                    assistant));
        });
    }

    /** memory-service's query for the messages of one run or step, as Letta messages. */
    static MultivaluedMap<String, String> messageQuery(String scope, String id, String before, String after, int limit, String order,
                                                       boolean useAssistantMessage) {
        MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
        q.putSingle(scope, id);
        q.putSingle("order", order == null ? "asc" : order);
        q.putSingle("limit", String.valueOf(limit));
        if (before != null) {
            q.putSingle("before", before);
        }
        if (after != null) {
            q.putSingle("after", after);
        }
        q.putSingle("use_assistant_message", String.valueOf(useAssistantMessage));
        q.putSingle("text_is_assistant_message", "true");
        return q;
    }

    @GET
    @Path("/{run_id}/usage")
    @Operation(summary = "Token usage summed over the run's steps")
    public Uni<Map<String, Object>> usage(@Context HttpHeaders headers, @RestPath("run_id") String runId) {
        return require(headers, runId).chain(r -> Panache.withSession(() -> steps.list("runId = ?1", r.id)))
                .map(steps -> {
                    int prompt = 0;
                    int completion = 0;
                    int cached = 0;
                    int reasoning = 0;
                    for (StepRecord s : steps) {
                        prompt += s.promptTokens;
                        completion += s.completionTokens;
                        cached += s.cachedInputTokens == null ? 0 : s.cachedInputTokens;
                        reasoning += s.reasoningTokens == null ? 0 : s.reasoningTokens;
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("completion_tokens", completion);
                    out.put("prompt_tokens", prompt);
                    out.put("total_tokens", prompt + completion);
                    out.put("prompt_tokens_details", Map.of("cached_tokens", cached));
                    out.put("completion_tokens_details", Map.of("reasoning_tokens", reasoning));
                    return out;
                });
    }

    @GET
    @Path("/{run_id}/metrics")
    @Operation(summary = "The run's start (ns since the epoch), length once ended (ns), steps and the ids of the tools its model called")
    public Uni<RunMetricsView> metrics(@Context HttpHeaders headers, @RestPath("run_id") String runId) {
        return require(headers, runId).chain(r -> Panache.withSession(() -> steps.list("runId = ?1 order by createdAt, id", r.id)
                .chain(list -> {
                    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
                    list.forEach(step -> names.addAll(step.toolNames));
                    return tools.byNames(r.organizationId, names).chain(found -> agents.findInOrg(r.organizationId, r.agentId).map(a -> {
                        Map<String, String> ids = new java.util.HashMap<>();
                        found.forEach(t -> ids.put(t.name, t.id));
                        // in the order the run first called them; a client-side tool has no id and is left out
                        List<String> used = names.stream().map(ids::get).filter(java.util.Objects::nonNull).toList();
                        return RunMetricsView.of(r, a, list.size(), used);
                    }));
                })));
    }

    @GET
    @Path("/{run_id}/trace")
    @Operation(summary = "OTEL spans of the run: not recorded by Engram (501); its timings are in /metrics and each step's")
    public Uni<List<Map<String, Object>>> trace(@Context HttpHeaders headers, @RestPath("run_id") String runId,
                                                @RestQuery Integer limit) {
        Requests.limit(limit, 1000, 5000);
        // as Letta without its ClickHouse span store
        return require(headers, runId).map(r -> {
            throw new ApiException(501, "OTEL traces are not recorded by Engram: a run's timings are at GET /v1/runs/" + r.id
                    + "/metrics and each step's at GET /v1/steps/{step_id}/metrics, its model requests and answers at"
                    + " GET /v1/steps/{step_id}/trace");
        });
    }

    @GET
    @Path("/{run_id}/steps")
    @Operation(summary = "The run's steps with their token usage, with cursors")
    public Uni<List<StepView>> steps(@Context HttpHeaders headers, @RestPath("run_id") String runId, @RestQuery String before,
                                     @RestQuery String after, @RestQuery Integer limit, @RestQuery @DefaultValue("desc") String order,
                                     @RestQuery("order_by") String orderBy) {
        Requests.orderBy(orderBy, "created_at");
        boolean ascending = "asc".equals(Requests.order(order));
        int size = limit(limit, 100);
        return require(headers, runId).chain(r -> Panache.withSession(() -> steps.page(r.organizationId, StepRepository.Filter.ofRun(r.id),
                        after, before, size, ascending)))
                .map(l -> l.stream().map(StepView::of).toList());
    }

    private Uni<Run> require(HttpHeaders headers, String runId) {
        String id = Ids.require("run", "run_id", runId);
        return Panache.withSession(() -> runs.findInOrg(Actor.of(headers).organizationId(), id))
                .onItem().ifNull().failWith(() -> ApiException.notFound("Run " + id + " not found"));
    }

    static int limit(Integer limit, int fallback) {
        if (limit == null) {
            return fallback;
        }
        if (limit < 1) {
            throw ApiException.unprocessable("limit: Input should be greater than 0");
        }
        return Math.min(limit, 1000);
    }
}
