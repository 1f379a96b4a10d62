package dev.engram.agent.block;

import dev.engram.agent.agent.AgentResource;
import dev.engram.agent.agent.AgentService;
import dev.engram.agent.agent.AgentState;
import dev.engram.agent.agent.Includes;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;
import java.util.regex.Pattern;

/** Letta's {@code /v1/blocks} routes. */
@Path("/v1/blocks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "blocks")
public class BlockResource {

    private static final Pattern LABEL = Pattern.compile("^[a-zA-Z0-9_/-]+$");
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9 _-]+$");

    private final BlockService service;
    private final AgentService agents;
    private final dev.engram.agent.identity.IdentityService identities;

    public BlockResource(BlockService service, AgentService agents, dev.engram.agent.identity.IdentityService identities) {
        this.service = service;
        this.agents = agents;
        this.identities = identities;
    }

    @POST
    @Operation(summary = "Create a block")
    public Uni<BlockResponse> create(@Context HttpHeaders headers, @Valid @NotNull(message = "Field required") CreateBlock body) {
        return service.create(Actor.of(headers), Requests.idempotencyKey(headers), body);
    }

    @GET
    @Operation(summary = "List blocks (bare array; cursor pagination with after/before/limit/order)")
    public Uni<List<BlockResponse>> list(@Context HttpHeaders headers,
                                         @RestQuery String label, @RestQuery("templates_only") Boolean templatesOnly,
                                         @RestQuery String name, @RestQuery("project_id") String projectId,
                                         @RestQuery List<String> tags, @RestQuery("match_all_tags") Boolean matchAllTags,
                                         @RestQuery Integer limit, @RestQuery String before, @RestQuery String after,
                                         @RestQuery String order, @RestQuery("order_by") String orderBy,
                                         @RestQuery("label_search") String labelSearch,
                                         @RestQuery("description_search") String descriptionSearch,
                                         @RestQuery("value_search") String valueSearch,
                                         @RestQuery("connected_to_agents_count_gt") Integer connectedGt,
                                         @RestQuery("connected_to_agents_count_lt") Integer connectedLt,
                                         @RestQuery("connected_to_agents_count_eq") List<Integer> connectedEq,
                                         @RestQuery("show_hidden_blocks") Boolean showHidden,
                                         @RestQuery("identity_id") String identityId,
                                         @RestQuery("identifier_keys") List<String> identifierKeys) {
        Requests.orderBy(orderBy, "created_at");
        MultivaluedMap<String, String> q = filters(label, templatesOnly, name, projectId, tags, matchAllTags, showHidden);
        put(q, "label_search", Requests.check("label_search", labelSearch, LABEL, 1, 50));
        put(q, "description_search", Requests.check("description_search", descriptionSearch, null, 1, 200));
        put(q, "value_search", Requests.check("value_search", valueSearch, null, 1, 200));
        put(q, "connected_to_agents_count_gt", connectedGt);
        put(q, "connected_to_agents_count_lt", connectedLt);
        if (connectedEq != null) {
            connectedEq.forEach(n -> q.add("connected_to_agents_count_eq", String.valueOf(n)));
        }
        if (limit != null && limit < 1) {
            throw ApiException.unprocessable("limit: Input should be greater than 0");
        }
        put(q, "limit", limit == null ? 50 : Math.min(limit, 10_000));
        put(q, "before", before);
        put(q, "after", after);
        put(q, "order", Requests.order(order));
        Actor actor = Actor.of(headers);
        String identity = identityId == null ? null : Ids.require("identity", "identity_id", identityId);
        // an identity's blocks: the list is narrowed to the ids its links name (none: nothing to list)
        return identities.blockIdsOf(actor, identity, identifierKeys).chain(ids -> {
            if (ids == null) {
                return service.list(actor, q);
            }
            if (ids.isEmpty()) {
                return Uni.createFrom().item(List.<BlockResponse>of());
            }
            ids.forEach(id -> q.add("id", id));
            return service.list(actor, q);
        });
    }

    @GET
    @Path("/count")
    @Operation(summary = "Count blocks")
    public Uni<Long> count(@Context HttpHeaders headers, @RestQuery String label, @RestQuery("templates_only") Boolean templatesOnly,
                           @RestQuery String name, @RestQuery("project_id") String projectId, @RestQuery List<String> tags,
                           @RestQuery("match_all_tags") Boolean matchAllTags) {
        return service.count(Actor.of(headers), filters(label, templatesOnly, name, projectId, tags, matchAllTags, null));
    }

    @GET
    @Path("/{block_id}")
    @Operation(summary = "Retrieve a block")
    public Uni<BlockResponse> get(@Context HttpHeaders headers, @RestPath("block_id") String blockId) {
        return service.get(Actor.of(headers), Ids.require("block", "block_id", blockId));
    }

    @GET
    @Path("/{block_id}/agents")
    @Operation(summary = "The agents the block is attached to (bare array; cursors after/before, limit, order)")
    public Uni<List<AgentState>> agents(@Context HttpHeaders headers, @RestPath("block_id") String blockId, @RestQuery String before,
                                        @RestQuery String after, @RestQuery Integer limit, @RestQuery @DefaultValue("desc") String order,
                                        @RestQuery("order_by") String orderBy, @RestQuery List<String> include,
                                        @RestQuery("include[]") List<String> includeBrackets) {
        Requests.orderBy(orderBy, "created_at");
        if (limit != null && limit < 1) {
            throw ApiException.unprocessable("limit: Input should be greater than 0");
        }
        List<String> wanted = AgentResource.merge(include, includeBrackets);
        return agents.ofBlock(Actor.of(headers), Ids.require("block", "block_id", blockId), before, after, limit == null ? 50 : limit,
                "asc".equals(Requests.order(order)), Includes.of(headers, wanted));
    }

    @GET
    @Path("/{block_id}/history")
    @Operation(summary = "The block's changes, oldest first: before and after, operation, actor, agent, reason and tool call "
            + "(Engram's own route; after_version pages on, limit 1..100, default 100)")
    public Uni<List<BlockHistoryEntry>> history(@Context HttpHeaders headers, @RestPath("block_id") String blockId,
                                                @RestQuery("after_version") Long afterVersion, @RestQuery Integer limit) {
        if (limit != null && (limit < 1 || limit > 100)) {
            throw ApiException.unprocessable("limit: Input should be between 1 and 100");
        }
        if (afterVersion != null && afterVersion < 0) {
            throw ApiException.unprocessable("after_version: Input should be greater than or equal to 0");
        }
        return service.history(Actor.of(headers), Ids.require("block", "block_id", blockId), afterVersion == null ? 0 : afterVersion,
                limit == null ? 100 : limit);
    }

    @PATCH
    @Path("/{block_id}")
    @Operation(summary = "Modify a block")
    public Uni<BlockResponse> update(@Context HttpHeaders headers, @RestPath("block_id") String blockId,
                                     @Valid @NotNull(message = "Field required") BlockUpdate body) {
        return service.update(Actor.of(headers), Requests.idempotencyKey(headers), Ids.require("block", "block_id", blockId), body);
    }

    @DELETE
    @Path("/{block_id}")
    @Operation(summary = "Delete a block (answers JSON null)")
    public Uni<Response> delete(@Context HttpHeaders headers, @RestPath("block_id") String blockId) {
        return service.delete(Actor.of(headers), Requests.idempotencyKey(headers), Ids.require("block", "block_id", blockId))
                .replaceWith(() -> Response.ok("null", MediaType.APPLICATION_JSON).build());
    }

    private static MultivaluedMap<String, String> filters(String label, Boolean templatesOnly, String name, String projectId,
                                                          List<String> tags, Boolean matchAllTags, Boolean showHidden) {
        MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
        put(q, "label", Requests.check("label", label, LABEL, 1, 50));
        put(q, "templates_only", templatesOnly);
        put(q, "name", Requests.check("name", name, NAME, 1, 100));
        put(q, "project_id", projectId);
        if (tags != null) {
            tags.forEach(t -> q.add("tags", t));
        }
        put(q, "match_all_tags", matchAllTags);
        put(q, "show_hidden_blocks", showHidden);
        return q;
    }

    private static void put(MultivaluedMap<String, String> q, String key, Object value) {
        if (value != null) {
            q.putSingle(key, String.valueOf(value));
        }
    }
}
