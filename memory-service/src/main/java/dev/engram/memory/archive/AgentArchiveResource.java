package dev.engram.memory.archive;

import dev.engram.memory.web.Callers;
import dev.engram.memory.web.Ids;
import dev.engram.memory.web.Responses;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** The archives attached to an agent. */
@Path("/v1/agents/{agent_id}/archives/{archive_id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "archives")
public class AgentArchiveResource {

    private static final String KEY = "Idempotency-Key";

    private final ArchiveService service;

    public AgentArchiveResource(ArchiveService service) {
        this.service = service;
    }

    @PUT
    @Operation(summary = "Attach an archive to an agent (409 when embedded with another model than the agent's)")
    public Uni<Response> attach(@Context HttpHeaders headers, @HeaderParam(KEY) String key, @RestPath("agent_id") String agentId,
                                @RestPath("archive_id") String id, AttachArchive body) {
        return service.attach(Callers.of(headers), key, Ids.require("agent", "agent_id", agentId), ArchiveResource.archive(id), body)
                .map(Responses::of);
    }

    @DELETE
    @Operation(summary = "Detach an archive from an agent; its passages stay")
    public Uni<Response> detach(@Context HttpHeaders headers, @HeaderParam(KEY) String key, @RestPath("agent_id") String agentId,
                                @RestPath("archive_id") String id) {
        return service.detach(Callers.of(headers), key, Ids.require("agent", "agent_id", agentId), ArchiveResource.archive(id))
                .map(Responses::of);
    }
}
