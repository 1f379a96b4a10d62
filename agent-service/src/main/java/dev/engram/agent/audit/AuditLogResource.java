package dev.engram.agent.audit;

import dev.engram.agent.auth.Admins;
import dev.engram.agent.auth.Caller;
import dev.engram.agent.web.Requests;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;

/** {@code GET /v1/admin/audit-log}: the caller's organization's administrative actions, newest first. */
@Path("/v1/admin/audit-log")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AuditLogResource {

    private final AuditLog audit;

    public AuditLogResource(AuditLog audit) {
        this.audit = audit;
    }

    @GET
    @Operation(summary = "List audit log entries (cursors after/before, limit, order; operators may name organization_id)")
    public Uni<List<AuditEntry>> list(@RestQuery String after, @RestQuery String before, @RestQuery @DefaultValue("50") int limit,
                                      @RestQuery @DefaultValue("desc") String order, @RestQuery String action,
                                      @RestQuery("organization_id") String organizationId) {
        Caller c = Admins.caller();
        String org = organizationId == null ? c.organizationId() : Admins.organization(c, organizationId);
        return audit.page(org, after, before, limit, "asc".equals(Requests.order(order)), action);
    }
}
