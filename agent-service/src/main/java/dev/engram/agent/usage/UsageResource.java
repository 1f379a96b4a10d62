package dev.engram.agent.usage;

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
@Path("/v1/usage")
@Tag(name = "usage")
public class UsageResource {

    private final UsageService usage;

    public UsageResource(UsageService usage) {
        this.usage = usage;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Usage totals per meter over a time range, grouped by agent, model, day or meter")
    public Uni<UsageSummary> summary(@Context HttpHeaders headers, @RestQuery String start, @RestQuery String end,
                                     @RestQuery("group_by") String groupBy) {
        return usage.summary(Actor.of(headers).organizationId(), start, end, groupBy);
    }

    @GET
    @Path("/export")
    @Produces({"application/x-ndjson", "text/csv"})
    @Operation(summary = "Hourly usage per organization and meter, with a stable identifier per row (JSONL or CSV)")
    public Uni<Response> export(@Context HttpHeaders headers, @RestQuery String format, @RestQuery String start, @RestQuery String end) {
        String f = UsageService.format(format);
        return usage.export(Actor.of(headers).organizationId(), f, start, end).map(body -> Response.ok(body)
                .type("csv".equals(f) ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"usage." + f + "\"").build());
    }
}
