package dev.engram.memory.passage;

import dev.engram.memory.web.Callers;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** How many passages an organization keeps, over all its agents (agent-service's storage quota asks). */
@Path("/v1/passages/count")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "passages")
public class PassageCountResource {

    private final PassageService passages;

    public PassageCountResource(PassageService passages) {
        this.passages = passages;
    }

    @GET
    @Operation(summary = "Count the organization's archival passages")
    public Uni<Long> count(@Context HttpHeaders headers) {
        return passages.countInOrganization(Callers.of(headers).organizationId());
    }
}
