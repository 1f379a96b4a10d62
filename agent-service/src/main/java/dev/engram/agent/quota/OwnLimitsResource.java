package dev.engram.agent.quota;

import dev.engram.agent.web.Actor;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /v1/limits}: the caller's own organization's limits and where it stands against them. */
@Path("/v1/limits")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "limits")
public class OwnLimitsResource {

    private final LimitsService service;

    public OwnLimitsResource(LimitsService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "The caller's organization's limits (null = unlimited) with this month's usage, its running runs and its archival passages")
    public Uni<LimitsView> own(@Context HttpHeaders headers) {
        return service.own(Actor.of(headers));
    }
}
