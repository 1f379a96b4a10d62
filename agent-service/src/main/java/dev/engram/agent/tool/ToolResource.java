package dev.engram.agent.tool;

import dev.engram.agent.web.Actor;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
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

/** Letta's {@code /v1/tools/}: the built-in tools with their JSON schemas. */
@Path("/v1/tools")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tools")
public class ToolResource {

    private final ToolService service;

    public ToolResource(ToolService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "List tools")
    public Uni<List<ToolView>> list(@Context HttpHeaders headers, @RestQuery String name, @RestQuery List<String> names,
                                    @RestQuery Integer limit, @RestQuery String before, @RestQuery String after,
                                    @RestQuery @DefaultValue("desc") String order) {
        return service.list(Actor.of(headers), name, names, limit == null ? 50 : limit, before, after, "asc".equals(Requests.order(order)));
    }

    @GET
    @Path("/count")
    @Operation(summary = "Count tools")
    public Uni<Long> count(@Context HttpHeaders headers) {
        return service.count(Actor.of(headers));
    }

    @GET
    @Path("/{tool_id}")
    @Operation(summary = "Retrieve a tool")
    public Uni<ToolView> get(@Context HttpHeaders headers, @RestPath("tool_id") String toolId) {
        return service.get(Actor.of(headers), Ids.require("tool", "tool_id", toolId));
    }
}
