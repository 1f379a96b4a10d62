package dev.engram.agent.archive;

import dev.engram.agent.agent.AgentResource;
import dev.engram.agent.agent.AgentState;
import dev.engram.agent.agent.Includes;
import dev.engram.agent.agent.PassageView;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
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

/** Letta's archives: collections of passages that agents share. */
@Path("/v1/archives")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "archives")
public class ArchiveResource {

    private final ArchiveService service;

    public ArchiveResource(ArchiveService service) {
        this.service = service;
    }

    @POST
    @Operation(summary = "Create an archive (embedding: the model handle of its passages; default the deployment's)")
    public Uni<ArchiveView> create(@Context HttpHeaders headers, ArchiveRequests.CreateArchive body) {
        if (body == null) {
            throw ApiException.unprocessable("body: Field required");
        }
        return service.create(Actor.of(headers), Requests.idempotencyKey(headers), body);
    }

    @GET
    @Operation(summary = "List the organization's archives (bare array; cursors after/before, limit, order, name, agent_id)")
    public Uni<List<ArchiveView>> list(@Context HttpHeaders headers, @RestQuery String before, @RestQuery String after,
                                       @RestQuery Integer limit, @RestQuery @DefaultValue("desc") String order,
                                       @RestQuery("order_by") String orderBy, @RestQuery String name,
                                       @RestQuery("agent_id") String agentId) {
        Requests.orderBy(orderBy, "created_at");
        return service.list(Actor.of(headers), before, after, limit(limit), "asc".equals(Requests.order(order)), name,
                agentId == null ? null : Ids.require("agent", "agent_id", agentId));
    }

    @GET
    @Path("/{archive_id}")
    @Operation(summary = "Get an archive")
    public Uni<ArchiveView> get(@Context HttpHeaders headers, @RestPath("archive_id") String archiveId) {
        return service.get(Actor.of(headers), archive(archiveId));
    }

    @PATCH
    @Path("/{archive_id}")
    @Operation(summary = "Change an archive's name or description")
    public Uni<ArchiveView> update(@Context HttpHeaders headers, @RestPath("archive_id") String archiveId,
                                   ArchiveRequests.UpdateArchive body) {
        return service.update(Actor.of(headers), Requests.idempotencyKey(headers), archive(archiveId),
                body == null ? new ArchiveRequests.UpdateArchive(null, null) : body);
    }

    @DELETE
    @Path("/{archive_id}")
    @Operation(summary = "Delete an archive with its passages (204)")
    public Uni<Response> delete(@Context HttpHeaders headers, @RestPath("archive_id") String archiveId) {
        return service.delete(Actor.of(headers), Requests.idempotencyKey(headers), archive(archiveId))
                .replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/{archive_id}/agents")
    @Operation(summary = "The agents the archive is attached to (bare array; cursors after/before, limit, order)")
    public Uni<List<AgentState>> agents(@Context HttpHeaders headers, @RestPath("archive_id") String archiveId,
                                        @RestQuery String before, @RestQuery String after, @RestQuery Integer limit,
                                        @RestQuery @DefaultValue("desc") String order, @RestQuery List<String> include,
                                        @RestQuery("include[]") List<String> includeBrackets) {
        return service.agents(Actor.of(headers), archive(archiveId), before, after, limit(limit), "asc".equals(Requests.order(order)),
                Includes.of(headers, AgentResource.merge(include, includeBrackets)));
    }

    @POST
    @Path("/{archive_id}/passages")
    @Operation(summary = "Insert a passage into the archive (embedded with the archive's model)")
    public Uni<PassageView> insert(@Context HttpHeaders headers, @RestPath("archive_id") String archiveId,
                                   ArchiveRequests.CreatePassage body) {
        if (body == null) {
            throw ApiException.unprocessable("text: Field required");
        }
        return service.insert(Actor.of(headers), Requests.idempotencyKey(headers), archive(archiveId), body);
    }

    @POST
    @Path("/{archive_id}/passages/batch")
    @Operation(summary = "Insert up to 500 passages into the archive; all or nothing")
    public Uni<List<PassageView>> insertBatch(@Context HttpHeaders headers, @RestPath("archive_id") String archiveId,
                                              ArchiveRequests.CreatePassages body) {
        if (body == null) {
            throw ApiException.unprocessable("passages: Field required");
        }
        return service.insertBatch(Actor.of(headers), Requests.idempotencyKey(headers), archive(archiveId), body);
    }

    @DELETE
    @Path("/{archive_id}/passages/{passage_id}")
    @Operation(summary = "Delete a passage of the archive (204)")
    public Uni<Response> deletePassage(@Context HttpHeaders headers, @RestPath("archive_id") String archiveId,
                                       @RestPath("passage_id") String passageId) {
        return service.deletePassage(Actor.of(headers), Requests.idempotencyKey(headers), archive(archiveId),
                        Ids.require("passage", "passage_id", passageId))
                .replaceWith(Response.noContent().build());
    }

    static String archive(String id) {
        return Ids.require("archive", "archive_id", id);
    }

    private static int limit(Integer limit) {
        if (limit != null && limit < 1) {
            throw ApiException.unprocessable("limit: Input should be greater than 0");
        }
        return limit == null ? 50 : Math.min(limit, 10_000);
    }
}
