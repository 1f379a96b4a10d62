package dev.engram.agent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.agent.ToolExecutionResult;
import dev.engram.agent.tool.ToolView;
import dev.engram.agent.web.Actor;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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

import java.util.List;

/** Letta's {@code /v1/mcp-servers}: MCP servers by id, their saved tools, running them. */
@Path("/v1/mcp-servers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "mcp-servers")
public class McpServerResource {

    private final McpServerService servers;
    private final McpToolSync sync;
    private final McpServerActions actions;

    public McpServerResource(McpServerService servers, McpToolSync sync, McpServerActions actions) {
        this.servers = servers;
        this.sync = sync;
        this.actions = actions;
    }

    @POST
    @Operation(summary = "Register an MCP server (streamable_http, sse, or stdio where enabled) and save the tools it lists")
    public Uni<McpServerView> create(@Context HttpHeaders headers, JsonNode body) {
        return servers.create(Actor.of(headers), McpServerRequests.create(body)).map(McpServerView::of);
    }

    @GET
    @Operation(summary = "List the organization's MCP servers")
    public Uni<List<McpServerView>> list(@Context HttpHeaders headers) {
        return servers.list(Actor.of(headers)).map(l -> l.stream().map(McpServerView::of).toList());
    }

    @GET
    @Path("/{mcp_server_id}")
    @Operation(summary = "Retrieve an MCP server")
    public Uni<McpServerView> get(@Context HttpHeaders headers, @RestPath("mcp_server_id") String id) {
        return servers.get(Actor.of(headers), id).map(McpServerView::of);
    }

    @DELETE
    @Path("/{mcp_server_id}")
    @Operation(summary = "Delete an MCP server with its tools (detached from every agent)")
    public Uni<Void> delete(@Context HttpHeaders headers, @RestPath("mcp_server_id") String id) {
        return servers.delete(Actor.of(headers), id);
    }

    @PATCH
    @Path("/{mcp_server_id}")
    @Operation(summary = "Update an MCP server's name or connection settings (its type stays)")
    public Uni<McpServerView> update(@Context HttpHeaders headers, @RestPath("mcp_server_id") String id, JsonNode body) {
        return servers.update(Actor.of(headers), id, McpServerRequests.update(body)).map(McpServerView::of);
    }

    @GET
    @Path("/{mcp_server_id}/tools")
    @Operation(summary = "List the MCP server's saved tools")
    public Uni<List<ToolView>> tools(@Context HttpHeaders headers, @RestPath("mcp_server_id") String id) {
        return servers.tools(Actor.of(headers), id).map(l -> l.stream().map(ToolView::of).toList());
    }

    @GET
    @Path("/{mcp_server_id}/tools/{tool_id}")
    @Operation(summary = "Retrieve one saved tool of the MCP server")
    public Uni<ToolView> tool(@Context HttpHeaders headers, @RestPath("mcp_server_id") String id, @RestPath("tool_id") String toolId) {
        return servers.tool(Actor.of(headers), id, toolId).map(ToolView::of);
    }

    @POST
    @Path("/{mcp_server_id}/tools/{tool_id}/run")
    @Operation(summary = "Run a saved tool of the MCP server with the given args; 502 when the server cannot be reached, 408 "
            + "when it does not answer in time")
    public Uni<ToolExecutionResult> run(@Context HttpHeaders headers, @RestPath("mcp_server_id") String id,
                                        @RestPath("tool_id") String toolId, JsonNode body) {
        return actions.run(Actor.of(headers), id, toolId, McpToolArgs.strict(body));
    }

    @PATCH
    @Path("/{mcp_server_id}/refresh")
    @Operation(summary = "Sync the saved tools with what the MCP server lists now: delete, update, add")
    public Uni<ResyncResult> refresh(@Context HttpHeaders headers, @RestPath("mcp_server_id") String id,
                                     @RestQuery("agent_id") String agentId) {
        Actor actor = Actor.of(headers);
        return servers.get(actor, id).chain(s -> sync.refresh(actor, s, agentId));
    }

    @GET
    @Path("/connect/{mcp_server_id}")
    @Produces({"text/event-stream", MediaType.APPLICATION_JSON})
    @Operation(summary = "Try to connect to the MCP server: a connection_attempt event, then success with its tools or error")
    public Uni<Response> connect(@Context HttpHeaders headers, @RestPath("mcp_server_id") String id) {
        return servers.get(Actor.of(headers), id).chain(actions::connect);
    }
}
