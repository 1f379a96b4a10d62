package dev.engram.agent.auth;

import dev.engram.agent.web.Actor;
import dev.engram.agent.web.Requests;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;

/**
 * {@code /v1/api-keys}: the caller's own organization's keys (admin keys only; the auth filter checks the role).
 * Other organizations' keys: {@code /v1/admin/organizations/{org_id}/api-keys}.
 */
@Path("/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "api-keys")
public class ApiKeyResource {

    private final ApiKeyService keys;

    public ApiKeyResource(ApiKeyService keys) {
        this.keys = keys;
    }

    @POST
    @Operation(summary = "Create an API key of the caller's organization; the answer holds the key, shown this once")
    public Uni<ApiKeyView> create(@Context HttpHeaders headers, CreateApiKey body) {
        Caller c = Admins.caller();
        return keys.create(c.organizationId(), Admins.actorUser(c, headers.getHeaderString(Actor.USER_HEADER)), body);
    }

    @GET
    @Operation(summary = "List the organization's API keys (metadata only; cursors after/before, limit, order)")
    public Uni<List<ApiKeyView>> list(@RestQuery String after, @RestQuery String before, @RestQuery @DefaultValue("50") int limit,
                                      @RestQuery @DefaultValue("desc") String order) {
        return keys.list(Admins.caller().organizationId(), after, before, Math.min(limit, 1000), "asc".equals(Requests.order(order)));
    }

    @GET
    @Path("/{key_id}")
    @Operation(summary = "Retrieve an API key's metadata")
    public Uni<ApiKeyView> get(@RestPath("key_id") String id) {
        return keys.get(Admins.caller().organizationId(), id);
    }

    @DELETE
    @Path("/{key_id}")
    @Operation(summary = "Revoke an API key")
    public Uni<ApiKeyView> revoke(@Context HttpHeaders headers, @RestPath("key_id") String id) {
        Caller c = Admins.caller();
        return keys.revoke(c.organizationId(), Admins.actorUser(c, headers.getHeaderString(Actor.USER_HEADER)), id);
    }
}
