package dev.engram.agent.org;

import dev.engram.agent.auth.Admins;
import dev.engram.agent.auth.ApiKeyService;
import dev.engram.agent.auth.ApiKeyView;
import dev.engram.agent.auth.Caller;
import dev.engram.agent.auth.CreateApiKey;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.Requests;
import io.smallrye.mutiny.Uni;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;

/**
 * {@code /v1/admin/organizations}: organizations, their users and their API keys (admin keys only; the auth filter
 * checks the role). A tenant's admin sees and manages its own organization here; the default organization's admins
 * (operators) every organization, see {@link Admins}.
 */
@Path("/v1/admin/organizations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminResource {

    private final OrganizationService orgs;
    private final ApiKeyService keys;

    public AdminResource(OrganizationService orgs, ApiKeyService keys) {
        this.orgs = orgs;
        this.keys = keys;
    }

    @GET
    @Operation(summary = "List organizations (a tenant's admin sees its own only)")
    public Uni<List<Organization>> list() {
        Caller c = Admins.caller();
        return Admins.operator(c) ? orgs.list() : orgs.get(c.organizationId()).map(List::of);
    }

    @POST
    @Operation(summary = "Create an organization, with its first user (operators only)")
    public Uni<Organization> create(@Context HttpHeaders headers, NameBody body) {
        Caller c = Admins.caller();
        Admins.requireOperator(c);
        return orgs.create(user(c, headers), body);
    }

    @GET
    @Path("/{org_id}")
    @Operation(summary = "Retrieve an organization")
    public Uni<Organization> get(@RestPath("org_id") String id) {
        return orgs.get(Admins.organization(Admins.caller(), id));
    }

    @PATCH
    @Path("/{org_id}")
    @Operation(summary = "Rename an organization")
    public Uni<Organization> rename(@Context HttpHeaders headers, @RestPath("org_id") String id, NameBody body) {
        Caller c = Admins.caller();
        return orgs.rename(user(c, headers), Admins.organization(c, id), body);
    }

    @DELETE
    @Path("/{org_id}")
    @Operation(summary = "Delete an organization with its users and keys (409 while it has agents; operators only)")
    public Uni<Organization> delete(@Context HttpHeaders headers, @RestPath("org_id") String id) {
        Caller c = Admins.caller();
        // another organization's id stays a 404 for a tenant admin, as everywhere; its own is 403
        String org = Admins.organization(c, id);
        Admins.requireOperator(c);
        return orgs.delete(user(c, headers), org);
    }

    @GET
    @Path("/{org_id}/users")
    @Operation(summary = "List an organization's users")
    public Uni<List<User>> users(@RestPath("org_id") String id) {
        return orgs.users(Admins.organization(Admins.caller(), id));
    }

    @POST
    @Path("/{org_id}/users")
    @Operation(summary = "Create a user in an organization")
    public Uni<User> createUser(@Context HttpHeaders headers, @RestPath("org_id") String id, NameBody body) {
        Caller c = Admins.caller();
        return orgs.createUser(user(c, headers), Admins.organization(c, id), body);
    }

    @DELETE
    @Path("/{org_id}/users/{user_id}")
    @Operation(summary = "Delete a user and its API keys")
    public Uni<User> deleteUser(@Context HttpHeaders headers, @RestPath("org_id") String id, @RestPath("user_id") String userId) {
        Caller c = Admins.caller();
        return orgs.deleteUser(user(c, headers), Admins.organization(c, id), userId);
    }

    @GET
    @Path("/{org_id}/api-keys")
    @Operation(summary = "List an organization's API keys (metadata only)")
    public Uni<List<ApiKeyView>> keys(@RestPath("org_id") String id, @RestQuery String after, @RestQuery String before,
                                      @RestQuery @DefaultValue("50") int limit, @RestQuery @DefaultValue("desc") String order) {
        String org = Admins.organization(Admins.caller(), id);
        return orgs.get(org).chain(o -> keys.list(org, after, before, Math.min(limit, 1000), "asc".equals(Requests.order(order))));
    }

    @POST
    @Path("/{org_id}/api-keys")
    @Operation(summary = "Create an API key of an organization; the answer holds the key, shown this once")
    public Uni<ApiKeyView> createKey(@Context HttpHeaders headers, @RestPath("org_id") String id, CreateApiKey body) {
        Caller c = Admins.caller();
        String org = Admins.organization(c, id);
        return orgs.get(org).chain(o -> keys.create(org, user(c, headers), body));
    }

    @GET
    @Path("/{org_id}/api-keys/{key_id}")
    @Operation(summary = "Retrieve an API key's metadata")
    public Uni<ApiKeyView> key(@RestPath("org_id") String id, @RestPath("key_id") String keyId) {
        return keys.get(Admins.organization(Admins.caller(), id), keyId);
    }

    @DELETE
    @Path("/{org_id}/api-keys/{key_id}")
    @Operation(summary = "Revoke an API key")
    public Uni<ApiKeyView> revoke(@Context HttpHeaders headers, @RestPath("org_id") String id, @RestPath("key_id") String keyId) {
        Caller c = Admins.caller();
        return keys.revoke(Admins.organization(c, id), user(c, headers), keyId);
    }

    private static String user(Caller c, HttpHeaders headers) {
        return Admins.actorUser(c, headers.getHeaderString(Actor.USER_HEADER));
    }
}
