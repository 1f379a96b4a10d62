package dev.engram.agent.archive;

import dev.engram.agent.web.Actor;
import dev.engram.agent.web.Ids;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Letta's search of passages across archives. */
@Path("/v1/passages/search")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "archives")
public class PassageSearchResource {

    private final ArchiveService service;

    public PassageSearchResource(ArchiveService service) {
        this.service = service;
    }

    @POST
    @Operation(summary = "Search passages (hybrid): of an agent's archives (agent_id wins), one archive, or all of the organization's")
    public Uni<List<ArchiveRequests.SearchHit>> search(@Context HttpHeaders headers, ArchiveRequests.SearchPassages body) {
        ArchiveRequests.SearchPassages r = body == null
                ? new ArchiveRequests.SearchPassages(null, null, null, null, null, null, null, null) : body;
        if (r.agentId() != null) {
            Ids.require("agent", "agent_id", r.agentId());
        }
        if (r.archiveId() != null) {
            Ids.require("archive", "archive_id", r.archiveId());
        }
        return service.search(Actor.of(headers), r);
    }
}
