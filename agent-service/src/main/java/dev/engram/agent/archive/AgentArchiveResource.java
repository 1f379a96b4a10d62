package dev.engram.agent.archive;

import dev.engram.agent.web.Actor;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.smallrye.mutiny.Uni;
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

/** Attaching archives to agents; Letta answers both routes with JSON null. */
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "archives")
public class AgentArchiveResource {

    private final ArchiveService service;

    public AgentArchiveResource(ArchiveService service) {
        this.service = service;
    }

    @PATCH
    @Path("/{agent_id}/archives/attach/{archive_id}")
    @Operation(summary = "Attach an archive to the agent: its searches cover the archive too (409 for another embedding model)")
    public Uni<Response> attach(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                @RestPath("archive_id") String archiveId) {
        return service.attach(Actor.of(headers), Requests.idempotencyKey(headers), Ids.require("agent", "agent_id", agentId),
                ArchiveResource.archive(archiveId)).replaceWith(AgentArchiveResource::none);
    }

    @PATCH
    @Path("/{agent_id}/archives/detach/{archive_id}")
    @Operation(summary = "Detach an archive from the agent; its passages stay in the archive")
    public Uni<Response> detach(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                @RestPath("archive_id") String archiveId) {
        return service.detach(Actor.of(headers), Requests.idempotencyKey(headers), Ids.require("agent", "agent_id", agentId),
                ArchiveResource.archive(archiveId)).replaceWith(AgentArchiveResource::none);
    }

    private static Response none() {
        return Response.ok("null", MediaType.APPLICATION_JSON).build();
    }
}
