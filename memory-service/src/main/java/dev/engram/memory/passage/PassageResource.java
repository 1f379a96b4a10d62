package dev.engram.memory.passage;

import dev.engram.memory.index.FusionMode;
import dev.engram.memory.index.IndexQuery;
import dev.engram.memory.index.SearchMode;
import dev.engram.memory.web.ApiException;
import dev.engram.memory.web.Callers;
import dev.engram.memory.web.Ids;
import dev.engram.memory.web.Responses;
import dev.engram.memory.web.Times;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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

import java.time.ZoneId;
import java.util.List;

/** An agent's archival memory: the passages of every archive attached to it. */
@Path("/v1/agents/{agent_id}/passages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "passages")
public class PassageResource {

    /** Set on a search that ran with less than it asked for, e.g. {@code embedding-unavailable} (BM25 only). */
    public static final String DEGRADED_HEADER = "X-Engram-Search-Degraded";

    private final PassageService service;
    private final PassageVectorService vectors;

    public PassageResource(PassageService service, PassageVectorService vectors) {
        this.service = service;
        this.vectors = vectors;
    }

    @GET
    @Path("/vectors")
    @Operation(summary = "List passages with their vectors, oldest first, with a cursor (Agent File exports with include_vectors)")
    public Uni<List<PassageVectors.Out>> listVectors(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                                     @RestQuery String after, @RestQuery Integer limit) {
        return vectors.list(Callers.of(headers), agent(agentId), after, Responses.limit(limit, 100));
    }

    @POST
    @Path("/batch/vectors")
    @Operation(summary = "Insert up to 500 passages with the vectors they had: a vector of the archive's model and dimension is kept, "
            + "any other passage is embedded again (counted in reembedded); a vector of the model with another dimension is 422")
    public Uni<Response> insertWithVectors(@Context HttpHeaders headers, @HeaderParam("Idempotency-Key") String key,
                                           @RestPath("agent_id") String agentId,
                                           @Valid @NotNull(message = "Field required") PassageVectors.Batch body) {
        return vectors.insert(Callers.of(headers), key, agent(agentId), body).map(Responses::of);
    }

    @POST
    @Operation(summary = "Insert a passage into the agent's default archive (created on first write, named archive_name; embedded with the agent's model; kept and indexed later if embedding fails)")
    public Uni<Response> insert(@Context HttpHeaders headers, @HeaderParam("Idempotency-Key") String key,
                                @RestPath("agent_id") String agentId, @RestQuery("archive_name") String archiveName,
                                @Valid @NotNull(message = "Field required") CreatePassage body) {
        return service.insert(Callers.of(headers), key, agent(agentId), body, archiveName).map(Responses::of);
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Insert up to 500 passages in one transaction (one embedding call, one index write); all or nothing")
    public Uni<Response> insertBatch(@Context HttpHeaders headers, @HeaderParam("Idempotency-Key") String key,
                                     @RestPath("agent_id") String agentId, @RestQuery("archive_name") String archiveName,
                                     @Valid @NotNull(message = "Field required") CreatePassages body) {
        return service.insertBatch(Callers.of(headers), key, agent(agentId), body, archiveName).map(Responses::of);
    }

    @GET
    @Operation(summary = "List passages in time order with cursors and a text filter")
    public Uni<List<PassageView>> list(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                       @RestQuery String search, @RestQuery String after, @RestQuery String before,
                                       @RestQuery Integer limit, @RestQuery @DefaultValue("true") boolean ascending) {
        return service.list(Callers.of(headers), agent(agentId), search, after, before, Responses.limit(limit, 100), ascending);
    }

    @GET
    @Path("/search")
    @Operation(summary = "Search passages: hybrid (BM25 + dense, fused), bm25 or dense; tags any/all; inclusive time range")
    public Uni<Response> search(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, @RestQuery String query,
                                @RestQuery("top_k") Integer topK, @RestQuery List<String> tags,
                                @RestQuery("tag_match_mode") @DefaultValue("any") String tagMatchMode,
                                @RestQuery("start_datetime") String start, @RestQuery("end_datetime") String end,
                                @RestQuery @DefaultValue("hybrid") String mode, @RestQuery String fusion,
                                @RestQuery("embedding_handle") String embeddingHandle, @RestQuery String timezone) {
        if (query == null) {
            throw ApiException.unprocessable("query: Field required");
        }
        int k = topK == null ? PassageQuery.DEFAULT_TOP_K : topK;
        if (k < 1 || k > IndexQuery.MAX_TOP_K) {
            throw ApiException.unprocessable("top_k: must be between 1 and " + IndexQuery.MAX_TOP_K + " (got " + k + ")");
        }
        if (!tagMatchMode.equals("any") && !tagMatchMode.equals("all")) {
            throw ApiException.unprocessable("tag_match_mode: Input should be 'any' or 'all'");
        }
        ZoneId zone = Times.zone(timezone);
        PassageQuery q = new PassageQuery(query, k, tags == null ? List.of() : tags, tagMatchMode.equals("all"),
                Times.bound(start, "start_datetime", zone, false), Times.bound(end, "end_datetime", zone, true),
                searchMode(mode), fusion(fusion), embeddingHandle, zone);
        if (q.start() != null && q.end() != null && q.start().isAfter(q.end())) {
            throw ApiException.unprocessable("start_datetime: must not be after end_datetime");
        }
        return service.search(Callers.of(headers), agent(agentId), q).map(result -> {
            Response.ResponseBuilder r = Response.ok(result, MediaType.APPLICATION_JSON);
            if (result.degraded() != null) {
                r.header(DEGRADED_HEADER, result.degraded());
            }
            return r.build();
        });
    }

    @GET
    @Path("/{passage_id}")
    @Operation(summary = "Get a passage")
    public Uni<PassageView> get(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, @RestPath("passage_id") String id) {
        return service.get(Callers.of(headers), agent(agentId), id);
    }

    @DELETE
    @Path("/{passage_id}")
    @Operation(summary = "Delete a passage")
    public Uni<Response> delete(@Context HttpHeaders headers, @HeaderParam("Idempotency-Key") String key,
                                @RestPath("agent_id") String agentId, @RestPath("passage_id") String id) {
        return service.delete(Callers.of(headers), key, agent(agentId), id).map(Responses::of);
    }

    private static SearchMode searchMode(String mode) {
        return switch (mode) {
            case "hybrid" -> SearchMode.HYBRID;
            case "bm25", "text", "fts" -> SearchMode.BM25;
            case "dense", "vector" -> SearchMode.DENSE;
            default -> throw ApiException.unprocessable("mode: Input should be 'hybrid', 'bm25' or 'dense'");
        };
    }

    private static FusionMode fusion(String fusion) {
        if (fusion == null) {
            return null;
        }
        try {
            return FusionMode.valueOf(fusion.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ApiException.unprocessable("fusion: unknown fusion '" + fusion + "'");
        }
    }

    private static String agent(String agentId) {
        return Ids.require("agent", "agent_id", agentId);
    }
}
