package dev.engram.agent.run;

import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Letta's deprecated {@code GET /v1/telemetry/{step_id}}: the step's provider trace, as {@code GET /v1/steps/{id}/trace}. */
@Path("/v1/telemetry")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "telemetry")
public class TelemetryResource {

    private final StepRepository steps;
    private final ProviderTraces traces;

    public TelemetryResource(StepRepository steps, ProviderTraces traces) {
        this.steps = steps;
        this.traces = traces;
    }

    @GET
    @Path("/{step_id}")
    @Operation(summary = "The step's provider trace (deprecated: GET /v1/steps/{step_id}/trace)")
    public Uni<Response> trace(@Context HttpHeaders headers, @RestPath("step_id") String stepId) {
        String id = Ids.require("step", "step_id", stepId);
        String org = Actor.of(headers).organizationId();
        return Panache.withSession(() -> steps.findInOrg(org, id))
                .onItem().ifNull().failWith(() -> ApiException.notFound("Step " + id + " not found"))
                .chain(s -> traces.ofStep(org, s.id))
                .map(t -> Response.ok(t == null ? "null" : t.toString(), MediaType.APPLICATION_JSON).build());
    }
}
