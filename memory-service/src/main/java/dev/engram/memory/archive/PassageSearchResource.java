package dev.engram.memory.archive;

import dev.engram.memory.web.Callers;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
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

/** The search across archives. */
@Path("/v1/passages/search")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "archives")
public class PassageSearchResource {

    private final ArchiveSearch search;

    public PassageSearchResource(ArchiveSearch search) {
        this.search = search;
    }

    @POST
    @Operation(summary = "Search passages across the organization's archives, one archive or an agent's archives")
    public Uni<List<PassageSearchHit>> search(@Context HttpHeaders headers, @NotNull(message = "Field required") PassageSearch body) {
        return search.search(Callers.of(headers), body);
    }
}
