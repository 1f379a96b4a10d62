package dev.engram.agent.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.block.BlockResponse;
import dev.engram.agent.block.BlockUpdate;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Cursors;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** An agent's core memory (blocks by label) and archival memory (passages), Letta's routes. */
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "agent memory")
public class AgentMemoryResource {

    private final CoreMemoryService core;
    private final AgentService agents;
    private final MemoryClient memory;
    private final dev.engram.agent.quota.StorageQuota storage;

    public AgentMemoryResource(CoreMemoryService core, AgentService agents, MemoryClient memory,
                               dev.engram.agent.quota.StorageQuota storage) {
        this.storage = storage;
        this.core = core;
        this.agents = agents;
        this.memory = memory;
    }

    @GET
    @Path("/{agent_id}/core-memory/blocks")
    @Operation(summary = "The agent's memory blocks, newest first unless order=asc, with cursors")
    public Uni<List<BlockResponse>> blocks(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, @RestQuery String before,
                                           @RestQuery String after, @RestQuery @DefaultValue("100") int limit,
                                           @RestQuery @DefaultValue("desc") String order,
                                     @RestQuery("order_by") String orderBy) {
        Requests.orderBy(orderBy, "created_at");
        boolean ascending = "asc".equals(Requests.order(order));
        return core.blocks(Actor.of(headers), AgentResource.agent(agentId))
                .map(blocks -> Cursors.page(blocks, BlockResponse::id, before, after, limit, ascending, "block"));
    }

    @GET
    @Path("/{agent_id}/core-memory")
    @Operation(summary = "The agent's memory (deprecated view)")
    public Uni<AgentState.Memory> memory(@Context HttpHeaders headers, @RestPath("agent_id") String agentId) {
        Actor actor = Actor.of(headers);
        return agents.require(actor, AgentResource.agent(agentId)).chain(a -> core.blocks(actor, a.id)
                .map(blocks -> new AgentState.Memory(a.agentType, false, blocks, List.of(), "")));
    }

    @GET
    @Path("/{agent_id}/core-memory/blocks/{block_label}")
    @Operation(summary = "The agent's block with this label")
    public Uni<BlockResponse> block(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                    @RestPath("block_label") String label) {
        return core.block(Actor.of(headers), AgentResource.agent(agentId), label);
    }

    @PATCH
    @Path("/{agent_id}/core-memory/blocks/{block_label}")
    @Operation(summary = "Modify the agent's block with this label (recompiles every agent using it)")
    public Uni<BlockResponse> update(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                     @RestPath("block_label") String label,
                                     @Valid @NotNull(message = "Field required") BlockUpdate body) {
        return core.update(Actor.of(headers), Requests.idempotencyKey(headers), AgentResource.agent(agentId), label, body);
    }

    @PATCH
    @Path("/{agent_id}/core-memory/blocks/attach/{block_id}")
    @Operation(summary = "Attach a block (409 if the agent already has a block with its label)")
    public Uni<AgentState> attach(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, @RestPath("block_id") String blockId) {
        return core.attach(Actor.of(headers), Requests.idempotencyKey(headers), AgentResource.agent(agentId),
                Ids.require("block", "block_id", blockId), Includes.of(headers, List.of()));
    }

    @PATCH
    @Path("/{agent_id}/core-memory/blocks/detach/{block_id}")
    @Operation(summary = "Detach a block (the block itself stays)")
    public Uni<AgentState> detach(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, @RestPath("block_id") String blockId) {
        return core.detach(Actor.of(headers), Requests.idempotencyKey(headers), AgentResource.agent(agentId),
                Ids.require("block", "block_id", blockId), Includes.of(headers, List.of()));
    }

    // --- archival memory

    /** Letta's archival insert body. */
    public record CreatePassage(String text, List<String> tags, OffsetDateTime createdAt) {
    }

    @POST
    @Path("/{agent_id}/archival-memory")
    @Operation(summary = "Insert a passage into the agent's archival memory")
    public Uni<List<PassageView>> insert(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, CreatePassage body) {
        if (body == null || body.text() == null) {
            throw ApiException.unprocessable("text: Field required");
        }
        Actor actor = Actor.of(headers);
        return agents.require(actor, AgentResource.agent(agentId)).chain(a -> storage.beforeInsert(actor, 1)
                .chain(() -> memory.insertPassage(actor, Requests.idempotencyKey(headers), a.id, PassageView.defaultArchiveName(a),
                        new MemoryRecords.CreatePassage(body.text(), body.tags(), body.createdAt(), null, a.embedding)))
                .map(p -> List.of(PassageView.of(p, a))));
    }

    @GET
    @Path("/{agent_id}/archival-memory")
    @Operation(summary = "List the agent's passages (bare array; cursors, text filter)")
    public Uni<List<PassageView>> list(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, @RestQuery String after,
                                       @RestQuery String before, @RestQuery Integer limit, @RestQuery String search,
                                       @RestQuery @DefaultValue("true") boolean ascending) {
        Actor actor = Actor.of(headers);
        return agents.require(actor, AgentResource.agent(agentId)).chain(a -> {
            MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
            put(q, "after", after);
            put(q, "before", before);
            put(q, "limit", String.valueOf(limit == null ? 100 : limit));
            put(q, "search", search);
            put(q, "ascending", String.valueOf(ascending));
            return memory.passages(actor, a.id, q).map(l -> l.stream().map(p -> PassageView.of(p, a)).toList());
        });
    }

    @GET
    @Path("/{agent_id}/archival-memory/search")
    @Operation(summary = "Search the agent's archival memory (hybrid: keywords and meaning); timestamps in the agent's timezone")
    public Uni<ObjectNode> search(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, @RestQuery String query,
                                  @RestQuery List<String> tags, @RestQuery("tag_match_mode") String tagMatchMode,
                                  @RestQuery("top_k") Integer topK, @RestQuery("start_datetime") String start,
                                  @RestQuery("end_datetime") String end) {
        if (query == null) {
            throw ApiException.unprocessable("query: Field required");
        }
        Actor actor = Actor.of(headers);
        return agents.require(actor, AgentResource.agent(agentId)).chain(a -> {
            MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
            q.putSingle("query", query);
            if (tags != null) {
                tags.forEach(t -> q.add("tags", t));
            }
            put(q, "tag_match_mode", tagMatchMode);
            put(q, "top_k", topK == null ? null : String.valueOf(topK));
            put(q, "start_datetime", start);
            put(q, "end_datetime", end);
            put(q, "embedding_handle", a.embedding);
            put(q, "timezone", a.timezone);
            return memory.searchPassages(actor, a.id, q).map(AgentMemoryResource::searchResponse);
        });
    }

    static ObjectNode searchResponse(MemoryRecords.SearchResult result) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode results = out.putArray("results");
        for (MemoryRecords.SearchHit hit : result.results()) {
            ObjectNode r = results.addObject();
            r.put("id", hit.id());
            r.put("timestamp", hit.timestamp());
            r.put("content", hit.content());
            ArrayNode t = r.putArray("tags");
            hit.tags().forEach(t::add);
        }
        out.put("count", result.count());
        return out;
    }

    @DELETE
    @Path("/{agent_id}/archival-memory/{memory_id}")
    @Operation(summary = "Delete a passage")
    public Uni<Map<String, String>> delete(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                           @RestPath("memory_id") String memoryId) {
        Actor actor = Actor.of(headers);
        return agents.require(actor, AgentResource.agent(agentId))
                .chain(a -> memory.deletePassage(actor, Requests.idempotencyKey(headers), a.id, memoryId))
                .replaceWith(Map.of("message", "Memory id=" + memoryId + " successfully deleted"));
    }

    private static void put(MultivaluedMap<String, String> q, String key, String value) {
        if (value != null) {
            q.putSingle(key, value);
        }
    }

}
