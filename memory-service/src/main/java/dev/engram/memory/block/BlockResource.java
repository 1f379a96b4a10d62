package dev.engram.memory.block;

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

/** Blocks by id. Mutating calls take an optional {@code Idempotency-Key}. */
@Path("/v1/blocks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "blocks")
public class BlockResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final BlockService service;
    private final BlockEditService edits;

    public BlockResource(BlockService service, BlockEditService edits) {
        this.service = service;
        this.edits = edits;
    }

    @POST
    @Operation(summary = "Create a block")
    public Uni<Response> create(@Context HttpHeaders headers, @HeaderParam(IDEMPOTENCY_KEY) String key,
                                @Valid @NotNull(message = "Field required") CreateBlock body) {
        return service.create(Callers.of(headers), key, body).map(Responses::of);
    }

    @GET
    @Operation(summary = "List blocks, filtered, with cursor pagination")
    public Uni<List<BlockResponse>> list(@Context HttpHeaders headers,
                                         @RestQuery String label, @RestQuery("label_search") String labelSearch,
                                         @RestQuery("description_search") String descriptionSearch,
                                         @RestQuery("value_search") String valueSearch, @RestQuery String name,
                                         @RestQuery("project_id") String projectId,
                                         @RestQuery("templates_only") boolean templatesOnly, @RestQuery List<String> tags,
                                         @RestQuery("match_all_tags") boolean matchAllTags,
                                         @RestQuery("show_hidden_blocks") boolean showHidden,
                                         @RestQuery("connected_to_agents_count_gt") Integer connectedGt,
                                         @RestQuery("connected_to_agents_count_lt") Integer connectedLt,
                                         @RestQuery("connected_to_agents_count_eq") List<Integer> connectedEq,
                                         @RestQuery String after, @RestQuery String before, @RestQuery Integer limit,
                                         @RestQuery String order, @RestQuery("id") List<String> ids) {
        BlockFilter filter = new BlockFilter(label, labelSearch, descriptionSearch, valueSearch, name, projectId, templatesOnly,
                tags, matchAllTags, showHidden, connectedGt, connectedLt, connectedEq, ids);
        Page page = new Page(after, before, Responses.limit(limit, 50), Responses.ascending(order, true));
        return service.list(Callers.of(headers), filter, page);
    }

    @GET
    @Path("/count")
    @Operation(summary = "Count blocks matching the filters")
    public Uni<Long> count(@Context HttpHeaders headers, @RestQuery String label, @RestQuery String name,
                           @RestQuery("project_id") String projectId, @RestQuery("templates_only") boolean templatesOnly,
                           @RestQuery List<String> tags, @RestQuery("match_all_tags") boolean matchAllTags,
                           @RestQuery("show_hidden_blocks") boolean showHidden) {
        BlockFilter filter = new BlockFilter(label, null, null, null, name, projectId, templatesOnly, tags, matchAllTags, showHidden,
                null, null, null, null);
        return service.count(Callers.of(headers), filter);
    }

    @GET
    @Path("/tags")
    @Operation(summary = "The distinct tags of the organization's blocks, in name order, with tag cursors")
    public Uni<List<String>> tags(@Context HttpHeaders headers, @RestQuery("query_text") String queryText, @RestQuery String after,
                                  @RestQuery String before, @RestQuery Integer limit, @RestQuery String order) {
        return service.tags(Callers.of(headers), queryText, after, before, Responses.ascending(order, true), Responses.limit(limit, 50));
    }

    @GET
    @Path("/{block_id}")
    @Operation(summary = "Get a block")
    public Uni<BlockResponse> get(@Context HttpHeaders headers, @RestPath("block_id") String blockId) {
        return service.get(Callers.of(headers), Ids.require("block", "block_id", blockId));
    }

    @PATCH
    @Path("/{block_id}")
    @Operation(summary = "Update a block's fields")
    public Uni<Response> update(@Context HttpHeaders headers, @HeaderParam(IDEMPOTENCY_KEY) String key,
                                @RestPath("block_id") String blockId, @Valid @NotNull(message = "Field required") UpdateBlock body) {
        return service.update(Callers.of(headers), key, Ids.require("block", "block_id", blockId), body).map(Responses::of);
    }

    @DELETE
    @Path("/{block_id}")
    @Operation(summary = "Delete a block and its attachments")
    public Uni<Response> delete(@Context HttpHeaders headers, @HeaderParam(IDEMPOTENCY_KEY) String key,
                                @RestPath("block_id") String blockId) {
        return service.delete(Callers.of(headers), key, Ids.require("block", "block_id", blockId)).map(Responses::of);
    }

    @POST
    @Path("/{block_id}/edits")
    @Operation(summary = "Apply one atomic edit to a block's value (Letta memory-tool semantics)")
    public Uni<Response> edit(@Context HttpHeaders headers, @HeaderParam(IDEMPOTENCY_KEY) String key,
                              @RestPath("block_id") String blockId, @Valid @NotNull(message = "Field required") BlockEdit body) {
        return edits.edit(Callers.of(headers), key, Ids.require("block", "block_id", blockId), body).map(Responses::of);
    }

    @GET
    @Path("/{block_id}/history")
    @Operation(summary = "The block's changes, oldest first")
    public Uni<List<BlockHistoryEntry>> history(@Context HttpHeaders headers, @RestPath("block_id") String blockId,
                                                @RestQuery("after_version") Long afterVersion, @RestQuery Integer limit) {
        return service.history(Callers.of(headers), Ids.require("block", "block_id", blockId),
                afterVersion == null ? 0 : afterVersion, Responses.limit(limit, 100));
    }

    @GET
    @Path("/{block_id}/agents")
    @Operation(summary = "Ids of the agents the block is attached to")
    public Uni<List<String>> agents(@Context HttpHeaders headers, @RestPath("block_id") String blockId) {
        return service.agentsOf(Callers.of(headers), Ids.require("block", "block_id", blockId));
    }
}
