package dev.engram.agent.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.agent.AgentResource;
import dev.engram.agent.agent.AgentService;
import dev.engram.agent.agent.AgentState;
import dev.engram.agent.agent.Includes;
import dev.engram.agent.block.BlockResponse;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Cursors;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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
import org.jboss.resteasy.reactive.RestQuery;

import java.util.Comparator;
import java.util.List;

/** Letta's {@code /v1/identities} routes. */
@Path("/v1/identities")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "identities")
public class IdentityResource {

    private final IdentityService identities;
    private final AgentService agents;

    public IdentityResource(IdentityService identities, AgentService agents) {
        this.identities = identities;
        this.agents = agents;
    }

    @GET
    @Operation(summary = "List identities (bare array; cursors after/before, limit, order; name contained, any case)")
    public Uni<List<IdentityView>> list(@Context HttpHeaders headers, @RestQuery String name, @RestQuery("project_id") String projectId,
                                        @RestQuery("identifier_key") String identifierKey, @RestQuery("identity_type") String identityType,
                                        @RestQuery String before, @RestQuery String after, @RestQuery Integer limit,
                                        @RestQuery String order, @RestQuery("order_by") String orderBy) {
        Requests.orderBy(orderBy, "created_at");
        return identities.list(Actor.of(headers), new IdentityService.Filter(name, projectId, identifierKey, identityType), after, before,
                limit(limit), "asc".equals(Requests.order(order)));
    }

    @GET
    @Path("/count")
    @Operation(summary = "Count the organization's identities")
    public Uni<Long> count(@Context HttpHeaders headers) {
        return identities.count(Actor.of(headers));
    }

    @GET
    @Path("/{identity_id}")
    @Operation(summary = "Retrieve an identity")
    public Uni<IdentityView> get(@Context HttpHeaders headers, @RestPath("identity_id") String identityId) {
        return identities.get(Actor.of(headers), id(identityId));
    }

    @POST
    @Operation(summary = "Create an identity (409 when its identifier key is taken in its project)")
    public Uni<IdentityView> create(@Context HttpHeaders headers, IdentityRequests.Create body) {
        return identities.create(Actor.of(headers), body);
    }

    @PUT
    @Operation(summary = "Create the identity with this identifier key (and project), or replace its fields")
    public Uni<IdentityView> upsert(@Context HttpHeaders headers, IdentityRequests.Create body) {
        return identities.upsert(Actor.of(headers), body);
    }

    @PATCH
    @Path("/{identity_id}")
    @Operation(summary = "Modify an identity: given fields change, properties merge by key, agent and block ids are added")
    public Uni<IdentityView> update(@Context HttpHeaders headers, @RestPath("identity_id") String identityId, IdentityRequests.Update body) {
        if (body == null) {
            throw ApiException.unprocessable("body: Field required");
        }
        return identities.update(Actor.of(headers), id(identityId), body);
    }

    @PUT
    @Path("/{identity_id}/properties")
    @Operation(summary = "Replace the identity's properties")
    public Uni<IdentityView> properties(@Context HttpHeaders headers, @RestPath("identity_id") String identityId, JsonNode body) {
        return identities.replaceProperties(Actor.of(headers), id(identityId), body);
    }

    @DELETE
    @Path("/{identity_id}")
    @Operation(summary = "Delete an identity (its agents and blocks stay; answers JSON null)")
    public Uni<Response> delete(@Context HttpHeaders headers, @RestPath("identity_id") String identityId) {
        return identities.delete(Actor.of(headers), id(identityId)).replaceWith(() -> Response.ok("null", MediaType.APPLICATION_JSON).build());
    }

    @GET
    @Path("/{identity_id}/agents")
    @Operation(summary = "The identity's agents (bare array; cursors after/before, limit, order; include as for agents)")
    public Uni<List<AgentState>> agentsOf(@Context HttpHeaders headers, @RestPath("identity_id") String identityId,
                                          @RestQuery String before, @RestQuery String after, @RestQuery Integer limit,
                                          @RestQuery String order, @RestQuery("order_by") String orderBy,
                                          @RestQuery List<String> include, @RestQuery("include[]") List<String> includeBrackets) {
        Requests.orderBy(orderBy, "created_at");
        Actor actor = Actor.of(headers);
        boolean ascending = "asc".equals(Requests.order(order));
        return identities.agentIdsOf(actor, id(identityId)).chain(ids -> agents.page(actor, ids, before, after, limit(limit), ascending,
                Includes.of(headers, AgentResource.merge(include, includeBrackets))));
    }

    @GET
    @Path("/{identity_id}/blocks")
    @Operation(summary = "The identity's blocks (bare array; cursors after/before, limit, order)")
    public Uni<List<BlockResponse>> blocksOf(@Context HttpHeaders headers, @RestPath("identity_id") String identityId,
                                             @RestQuery String before, @RestQuery String after, @RestQuery Integer limit,
                                             @RestQuery String order, @RestQuery("order_by") String orderBy) {
        Requests.orderBy(orderBy, "created_at");
        Actor actor = Actor.of(headers);
        boolean ascending = "asc".equals(Requests.order(order));
        int size = limit(limit);
        return identities.blocksOf(actor, id(identityId)).map(blocks -> {
            if (blocks.isEmpty()) {
                return List.<BlockResponse>of();
            }
            List<dev.engram.agent.memory.Block> oldestFirst = blocks.stream()
                    .sorted(Comparator.comparing(dev.engram.agent.memory.Block::createdAt).thenComparing(dev.engram.agent.memory.Block::id))
                    .toList();
            return Cursors.page(oldestFirst, dev.engram.agent.memory.Block::id, before, after, size, ascending, "block").stream()
                    .map(BlockResponse::of).toList();
        });
    }

    static String id(String identityId) {
        return Ids.require("identity", "identity_id", identityId);
    }

    private static int limit(Integer limit) {
        return Requests.limit(limit, 50, 1000);
    }
}
