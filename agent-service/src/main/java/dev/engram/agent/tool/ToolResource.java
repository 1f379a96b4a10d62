package dev.engram.agent.tool;

import dev.engram.agent.web.Actor;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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

/** Letta's {@code /v1/tools/}: the built-in tools and the organization's own, created from Python source. */
@Path("/v1/tools")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "tools")
public class ToolResource {

    private final ToolService service;
    private final CustomToolService custom;
    private final ToolSearch search;

    public ToolResource(ToolService service, CustomToolService custom, ToolSearch search) {
        this.service = service;
        this.custom = custom;
        this.search = search;
    }

    @GET
    @Operation(summary = "List tools")
    public Uni<List<ToolView>> list(@Context HttpHeaders headers, @RestQuery String name, @RestQuery List<String> names,
                                    @RestQuery("tool_ids") List<String> toolIds, @RestQuery String search,
                                    @RestQuery("tool_types") List<String> toolTypes, @RestQuery("exclude_tool_types") List<String> excludeToolTypes,
                                    @RestQuery("return_only_letta_tools") @DefaultValue("false") boolean onlyLetta,
                                    @RestQuery Integer limit, @RestQuery String before, @RestQuery String after,
                                    @RestQuery @DefaultValue("desc") String order) {
        ToolFilter filter = new ToolFilter(name, names, toolIds, search, toolTypes, excludeToolTypes, onlyLetta, false);
        return service.list(Actor.of(headers), filter, limit == null ? 50 : limit, before, after, "asc".equals(Requests.order(order)));
    }

    @GET
    @Path("/count")
    @Operation(summary = "Count tools")
    public Uni<Long> count(@Context HttpHeaders headers, @RestQuery String name, @RestQuery List<String> names,
                           @RestQuery("tool_ids") List<String> toolIds, @RestQuery String search,
                           @RestQuery("tool_types") List<String> toolTypes, @RestQuery("exclude_tool_types") List<String> excludeToolTypes,
                           @RestQuery("return_only_letta_tools") @DefaultValue("false") boolean onlyLetta,
                           @RestQuery("exclude_letta_tools") @DefaultValue("false") boolean excludeLetta) {
        return service.count(Actor.of(headers), new ToolFilter(name, names, toolIds, search, toolTypes, excludeToolTypes, onlyLetta, excludeLetta));
    }

    @GET
    @Path("/{tool_id}")
    @Operation(summary = "Retrieve a tool")
    public Uni<ToolView> get(@Context HttpHeaders headers, @RestPath("tool_id") String toolId) {
        return service.get(Actor.of(headers), Ids.require("tool", "tool_id", toolId));
    }

    @POST
    @Operation(summary = "Create a tool from Python source (an upsert by the function's name, as in Letta)")
    public Uni<ToolView> create(@Context HttpHeaders headers, @Valid @NotNull(message = "Field required") ToolCreate body) {
        return custom.upsert(Actor.of(headers), body);
    }

    @PUT
    @Operation(summary = "Create or update a tool from Python source")
    public Uni<ToolView> upsert(@Context HttpHeaders headers, @Valid @NotNull(message = "Field required") ToolCreate body) {
        return custom.upsert(Actor.of(headers), body);
    }

    @PATCH
    @Path("/{tool_id}")
    @Operation(summary = "Update a tool; a new source regenerates its schema")
    public Uni<ToolView> update(@Context HttpHeaders headers, @RestPath("tool_id") String toolId,
                                @Valid @NotNull(message = "Field required") ToolUpdate body) {
        return custom.update(Actor.of(headers), Ids.require("tool", "tool_id", toolId), body);
    }

    @DELETE
    @Path("/{tool_id}")
    @Operation(summary = "Delete a tool and detach it from every agent")
    public Uni<jakarta.ws.rs.core.Response> delete(@Context HttpHeaders headers, @RestPath("tool_id") String toolId) {
        return custom.delete(Actor.of(headers), Ids.require("tool", "tool_id", toolId)).map(v -> jakarta.ws.rs.core.Response.ok().build());
    }

    @POST
    @Path("/run")
    @Operation(summary = "Build a tool from source and run it once in the sandbox, storing nothing")
    public Uni<ToolReturnView> run(@Context HttpHeaders headers, @Valid @NotNull(message = "Field required") ToolRunFromSource body) {
        return custom.runFromSource(Actor.of(headers), body);
    }

    @POST
    @Path("/search")
    @Operation(summary = "Search tools by text, by meaning, or both")
    public Uni<List<ToolSearchResult>> search(@Context HttpHeaders headers, @Valid ToolSearchRequest body) {
        return search.search(Actor.of(headers), body == null ? new ToolSearchRequest(null, null, null, null, null) : body);
    }

    @POST
    @Path("/add-base-tools")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Register the built-in tools again (those deleted come back)")
    public Uni<List<ToolView>> addBaseTools(@Context HttpHeaders headers) {
        return service.baseTools(Actor.of(headers));
    }
}
