package dev.engram.agent.quota;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.auth.Admins;
import dev.engram.agent.auth.Caller;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import java.util.regex.Pattern;

/**
 * Organizations' quotas, the admin API ({@link OwnLimitsResource} is the caller's own view). The class path is the
 * whole route: under a shorter one the organizations resource would take these requests first.
 */
@Path("/v1/admin/organizations/{org_id}/limits")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "limits")
public class LimitsResource {

    private static final Pattern ORG_ID = Pattern.compile("org-[0-9A-Za-z-]{1,64}");

    private final LimitsService service;

    public LimitsResource(LimitsService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "An organization's limits (its own, else the configured defaults); null = unlimited")
    public Uni<LimitsView> get(@RestPath("org_id") String orgId) {
        return service.get(Admins.organization(Admins.caller(), org(orgId)));
    }

    @PUT
    @Operation(summary = "Set every limit of an organization; a limit absent or null is unlimited")
    public Uni<LimitsView> replace(@RestPath("org_id") String orgId, JsonNode body, @Context HttpHeaders headers) {
        Caller c = operator(orgId);
        return service.replace(Admins.actorUser(c, headers.getHeaderString(Actor.USER_HEADER)), org(orgId), body);
    }

    @PATCH
    @Operation(summary = "Change the limits the body names (null = unlimited), keep the others")
    public Uni<LimitsView> update(@RestPath("org_id") String orgId, JsonNode body, @Context HttpHeaders headers) {
        Caller c = operator(orgId);
        return service.update(Admins.actorUser(c, headers.getHeaderString(Actor.USER_HEADER)), org(orgId), body);
    }

    /**
     * Limits are what the deployment sells, so only its operators (admins of the default organization) change them;
     * an organization's own admin may read them. Another organization's id stays a 404 for non-operators.
     */
    private static Caller operator(String orgId) {
        Caller c = Admins.caller();
        Admins.organization(c, orgId);
        Admins.requireOperator(c);
        return c;
    }

    private static String org(String id) {
        if (id == null || !ORG_ID.matcher(id).matches()) {
            throw ApiException.unprocessable("org_id: String should match pattern '^org-[0-9A-Za-z-]+$' (got '" + id + "')");
        }
        return id;
    }
}
