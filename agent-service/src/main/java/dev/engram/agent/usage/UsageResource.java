package dev.engram.agent.usage;

import dev.engram.agent.auth.Admins;
import dev.engram.agent.web.Actor;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

/** The caller's organization's metered usage: totals, and the hourly export a billing system ingests. */
@Path("/v1")
@Tag(name = "usage")
public class UsageResource {

    private final UsageService usage;

    public UsageResource(UsageService usage) {
        this.usage = usage;
    }

    @GET
    @Path("/usage")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Usage totals per meter over a time range, grouped by agent, model, day or meter")
    public Uni<UsageSummary> summary(@Context HttpHeaders headers, @RestQuery String start, @RestQuery String end,
                                     @RestQuery("group_by") String groupBy) {
        return usage.summary(Actor.of(headers).organizationId(), start, end, groupBy);
    }

    @GET
    @Path("/usage/export")
    @Produces({"application/x-ndjson", "text/csv"})
    @Operation(summary = "Hourly usage per organization and meter, with a stable identifier per row (JSONL or CSV)")
    public Uni<Response> export(@Context HttpHeaders headers, @RestQuery String format, @RestQuery String start, @RestQuery String end) {
        return document(Actor.of(headers).organizationId(), format, start, end);
    }

    /** Every organization's rows in one document: what the deployment's billing job pulls. Operators only. */
    @GET
    @Path("/admin/usage/export")
    @Produces({"application/x-ndjson", "text/csv"})
    @Operation(summary = "Hourly usage of every organization (operators: admin keys of the default organization)")
    public Uni<Response> exportAll(@RestQuery String format, @RestQuery String start, @RestQuery String end) {
        Admins.requireOperator(Admins.caller());
        return document(null, format, start, end);
    }

    private Uni<Response> document(String org, String format, String start, String end) {
        String f = UsageService.format(format);
        return usage.export(org, f, start, end).map(body -> Response.ok(body)
                .type("csv".equals(f) ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"usage." + f + "\"").build());
    }
}
