package dev.engram.agent.run;

import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Letta's {@code /v1/steps}: one LLM call each, with its token usage. */
@Path("/v1/steps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "steps")
public class StepResource {

    @GET
    @Operation(summary = "List steps (bare array, newest first by default)")
    public Uni<List<StepView>> list(@Context HttpHeaders headers, @RestQuery("agent_id") String agentId, @RestQuery String model,
                                    @RestQuery Integer limit, @RestQuery @DefaultValue("desc") String order) {
        StringBuilder q = new StringBuilder("organizationId = :org");
        Map<String, Object> params = new HashMap<>(Map.of("org", Actor.of(headers).organizationId()));
        if (agentId != null) {
            q.append(" and agentId = :agent");
            params.put("agent", agentId);
        }
        if (model != null) {
            q.append(" and model = :model");
            params.put("model", model);
        }
        q.append(" order by createdAt ").append("asc".equals(Requests.order(order)) ? "asc" : "desc");
        return Panache.withSession(() -> StepRecord.<StepRecord>find(q.toString(), params).page(0, RunResource.limit(limit, 50)).list())
                .map(l -> l.stream().map(StepView::of).toList());
    }

    @GET
    @Path("/{step_id}")
    @Operation(summary = "Retrieve a step")
    public Uni<StepView> get(@Context HttpHeaders headers, @RestPath("step_id") String stepId) {
        String id = Ids.require("step", "step_id", stepId);
        return Panache.withSession(() -> StepRecord.<StepRecord>find("id = ?1 and organizationId = ?2", id, Actor.of(headers).organizationId())
                        .firstResult())
                .onItem().ifNull().failWith(() -> ApiException.notFound("Step " + id + " not found"))
                .map(StepView::of);
    }
}
