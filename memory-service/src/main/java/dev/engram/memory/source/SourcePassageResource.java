package dev.engram.memory.source;

import dev.engram.memory.index.IndexQuery;
import dev.engram.memory.index.SearchMode;
import dev.engram.memory.passage.CreatePassages;
import dev.engram.memory.passage.PassageQuery;
import dev.engram.memory.passage.PassageService;
import dev.engram.memory.passage.PassageView;
import dev.engram.memory.passage.SearchResult;
import dev.engram.memory.web.ApiException;
import dev.engram.memory.web.Callers;
import dev.engram.memory.web.Ids;
import dev.engram.memory.web.Responses;
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

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The passages of a source (a folder of files): the chunks of its files, stored and indexed exactly as archival
 * passages are, with the source id as their owner. Each chunk's metadata names its file ({@code file_id}).
 */
@Path("/v1/sources/{source_id}/passages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "sources")
public class SourcePassageResource {

    private final PassageService passages;
    private final FilePassages files;

    public SourcePassageResource(PassageService passages, FilePassages files) {
        this.passages = passages;
        this.files = files;
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Insert up to 500 chunks of the source in one transaction; all or nothing")
    public Uni<Response> insertBatch(@Context HttpHeaders headers, @HeaderParam("Idempotency-Key") String key,
                                     @RestPath("source_id") String sourceId,
                                     @Valid @NotNull(message = "Field required") CreatePassages body) {
        for (int i = 0; i < body.passages().size(); i++) {
            Map<String, Object> m = body.passages().get(i).metadata();
            if (m == null || !(m.get("file_id") instanceof String)) {
                throw ApiException.unprocessable("passages[" + i + "].metadata.file_id: Field required");
            }
        }
        // a folder's chunks are kept under the folder's id, as an archive of their own no agent owns
        return passages.insertBatchInto(Callers.of(headers), key, source(sourceId), null, body).map(Responses::of);
    }

    @GET
    @Operation(summary = "List the source's passages in time order with cursors")
    public Uni<List<PassageView>> list(@Context HttpHeaders headers, @RestPath("source_id") String sourceId,
                                       @RestQuery String after, @RestQuery String before, @RestQuery Integer limit,
                                       @RestQuery @DefaultValue("true") boolean ascending) {
        return passages.listIn(Callers.of(headers), List.of(source(sourceId)), after, before, Responses.limit(limit, 100), ascending);
    }

    @GET
    @Path("/search")
    @Operation(summary = "Search the source's passages: hybrid (BM25 + dense, fused), bm25 or dense")
    public Uni<SearchResult> search(@Context HttpHeaders headers, @RestPath("source_id") String sourceId, @RestQuery String query,
                                    @RestQuery("top_k") Integer topK, @RestQuery @DefaultValue("hybrid") String mode,
                                    @RestQuery("embedding_handle") String embeddingHandle) {
        if (query == null) {
            throw ApiException.unprocessable("query: Field required");
        }
        int k = topK == null ? PassageQuery.DEFAULT_TOP_K : topK;
        if (k < 1 || k > IndexQuery.MAX_TOP_K) {
            throw ApiException.unprocessable("top_k: must be between 1 and " + IndexQuery.MAX_TOP_K + " (got " + k + ")");
        }
        SearchMode m = switch (mode) {
            case "hybrid" -> SearchMode.HYBRID;
            case "bm25" -> SearchMode.BM25;
            case "dense" -> SearchMode.DENSE;
            default -> throw ApiException.unprocessable("mode: Input should be 'hybrid', 'bm25' or 'dense'");
        };
        PassageQuery q = new PassageQuery(query, k, List.of(), false, null, null, m, null, embeddingHandle, ZoneOffset.UTC);
        return passages.searchIn(Callers.of(headers), List.of(source(sourceId)), q);
    }

    @DELETE
    @Operation(summary = "Delete the chunks of one file of the source (file_id), or every passage of the source")
    public Uni<Map<String, Object>> delete(@Context HttpHeaders headers, @RestPath("source_id") String sourceId,
                                           @RestQuery("file_id") String fileId) {
        String source = source(sourceId);
        if (fileId == null) {
            return passages.deleteScope(Callers.of(headers), source).replaceWith(Map.of("deleted", "all"));
        }
        return files.deleteFile(Callers.of(headers), source, Ids.require("file", "file_id", fileId))
                .map(n -> Map.of("deleted", n));
    }

    private static String source(String id) {
        return Ids.require("source", "source_id", id);
    }
}
