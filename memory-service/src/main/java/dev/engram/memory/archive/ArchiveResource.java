package dev.engram.memory.archive;

import dev.engram.memory.passage.CreatePassage;
import dev.engram.memory.passage.CreatePassages;
import dev.engram.memory.web.Callers;
import dev.engram.memory.web.Ids;
import dev.engram.memory.web.Page;
import dev.engram.memory.web.Responses;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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

/** Archives and their passages. */
@Path("/v1/archives")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "archives")
public class ArchiveResource {

    private static final String KEY = "Idempotency-Key";

    private final ArchiveService service;

    public ArchiveResource(ArchiveService service) {
        this.service = service;
    }

    @POST
    @Operation(summary = "Create an archive")
    public Uni<Response> create(@Context HttpHeaders headers, @HeaderParam(KEY) String key,
                                @Valid @NotNull(message = "Field required") CreateArchive body) {
        return service.create(Callers.of(headers), key, body).map(Responses::of);
    }

    @GET
    @Operation(summary = "List archives in created_at order with cursors, by name or attached agent")
    public Uni<List<ArchiveView>> list(@Context HttpHeaders headers, @RestQuery String after, @RestQuery String before,
                                       @RestQuery Integer limit, @RestQuery String order, @RestQuery String name,
                                       @RestQuery("agent_id") String agentId) {
        return service.list(Callers.of(headers), new Page(after, before, Responses.limit(limit, 50), Responses.ascending(order, false)),
                name, agentId);
    }

    @GET
    @Path("/{archive_id}")
    @Operation(summary = "Get an archive")
    public Uni<ArchiveView> get(@Context HttpHeaders headers, @RestPath("archive_id") String id) {
        return service.get(Callers.of(headers), archive(id));
    }

    @PATCH
    @Path("/{archive_id}")
    @Operation(summary = "Change an archive's name or description")
    public Uni<Response> update(@Context HttpHeaders headers, @HeaderParam(KEY) String key, @RestPath("archive_id") String id,
                                @NotNull(message = "Field required") UpdateArchive body) {
        return service.update(Callers.of(headers), key, archive(id), body).map(Responses::of);
    }

    @DELETE
    @Path("/{archive_id}")
    @Operation(summary = "Delete an archive with its passages")
    public Uni<Response> delete(@Context HttpHeaders headers, @HeaderParam(KEY) String key, @RestPath("archive_id") String id) {
        return service.delete(Callers.of(headers), key, archive(id)).map(Responses::of);
    }

    @GET
    @Path("/{archive_id}/agents")
    @Operation(summary = "The ids of the agents an archive is attached to")
    public Uni<List<String>> agents(@Context HttpHeaders headers, @RestPath("archive_id") String id) {
        return service.agents(Callers.of(headers), archive(id));
    }

    @POST
    @Path("/{archive_id}/passages")
    @Operation(summary = "Insert a passage into an archive (embedded with the archive's model)")
    public Uni<Response> insert(@Context HttpHeaders headers, @HeaderParam(KEY) String key, @RestPath("archive_id") String id,
                                @Valid @NotNull(message = "Field required") CreatePassage body) {
        return service.insert(Callers.of(headers), key, archive(id), body).map(Responses::of);
    }

    @POST
    @Path("/{archive_id}/passages/batch")
    @Operation(summary = "Insert up to 500 passages into an archive; all or nothing")
    public Uni<Response> insertBatch(@Context HttpHeaders headers, @HeaderParam(KEY) String key, @RestPath("archive_id") String id,
                                     @Valid @NotNull(message = "Field required") CreatePassages body) {
        return service.insertBatch(Callers.of(headers), key, archive(id), body).map(Responses::of);
    }

    @DELETE
    @Path("/{archive_id}/passages/{passage_id}")
    @Operation(summary = "Delete a passage of an archive")
    public Uni<Response> deletePassage(@Context HttpHeaders headers, @HeaderParam(KEY) String key,
                                       @RestPath("archive_id") String id, @RestPath("passage_id") String passageId) {
        return service.deletePassage(Callers.of(headers), key, archive(id), Ids.require("passage", "passage_id", passageId))
                .map(Responses::of);
    }

    static String archive(String id) {
        return Ids.require("archive", "archive_id", id);
    }
}
