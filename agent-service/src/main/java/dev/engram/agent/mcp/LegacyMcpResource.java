package dev.engram.agent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.tool.ToolView;
import dev.engram.agent.web.Actor;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Letta's older MCP routes under {@code /v1/tools/mcp}, which address servers by name; letta-code lists a server's
 * live tools and saves them one by one through them.
 */
@Path("/v1/tools/mcp")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tools")
public class LegacyMcpResource {

    private final McpServerService servers;
    private final McpToolSync sync;
    private final McpServerActions actions;

    public LegacyMcpResource(McpServerService servers, McpToolSync sync, McpServerActions actions) {
        this.servers = servers;
        this.sync = sync;
        this.actions = actions;
    }

    @GET
    @Path("/servers")
    @Operation(summary = "The organization's MCP servers as legacy configs, by server name")
    public Uni<Map<String, McpServerConfigView>> list(@Context HttpHeaders headers) {
        return servers.list(Actor.of(headers)).map(LegacyMcpResource::byName);
    }

    @PUT
    @Path("/servers")
    @Operation(summary = "Register an MCP server from a legacy config and save its tools; answers every server's config")
    public Uni<List<McpServerConfigView>> add(@Context HttpHeaders headers, JsonNode body) {
        Actor actor = Actor.of(headers);
        return servers.create(actor, McpServerRequests.legacyConfig(body)).chain(() -> servers.list(actor)).map(LegacyMcpResource::configs);
    }

    @GET
    @Path("/servers/{mcp_server_name}/tools")
    @Operation(summary = "The tools the MCP server lists now (live), with their schema health")
    public Uni<List<McpToolView>> tools(@Context HttpHeaders headers, @RestPath("mcp_server_name") String name) {
        return servers.byName(Actor.of(headers), name).chain(s -> sync.live(s, null));
    }

    @POST
    @Path("/servers/{mcp_server_name}/resync")
    @Operation(summary = "Sync the MCP server's saved tools with what it lists now: delete, update, add")
    public Uni<ResyncResult> resync(@Context HttpHeaders headers, @RestPath("mcp_server_name") String name,
                                    @RestQuery("agent_id") String agentId) {
        Actor actor = Actor.of(headers);
        return servers.byName(actor, name).chain(s -> sync.refresh(actor, s, agentId));
    }

    @POST
    @Path("/servers/{mcp_server_name}/{mcp_tool_name}")
    @Operation(summary = "Save one tool of the MCP server as a tool (to attach to agents)")
    public Uni<ToolView> addTool(@Context HttpHeaders headers, @RestPath("mcp_server_name") String name,
                                 @RestPath("mcp_tool_name") String tool) {
        Actor actor = Actor.of(headers);
        return servers.byName(actor, name).chain(s -> sync.add(actor, s, tool)).map(ToolView::of);
    }

    @PATCH
    @Path("/servers/{mcp_server_name}")
    @Operation(summary = "Update an MCP server by name; answers its config")
    public Uni<McpServerConfigView> update(@Context HttpHeaders headers, @RestPath("mcp_server_name") String name, JsonNode body) {
        Actor actor = Actor.of(headers);
        McpServerSpec patch = McpServerRequests.legacyUpdate(body);
        return servers.byName(actor, name).chain(s -> servers.update(actor, s.id, patch)).map(McpServerConfigView::of);
    }

    @DELETE
    @Path("/servers/{mcp_server_name}")
    @Operation(summary = "Delete an MCP server by name, with its tools; answers the remaining servers' configs")
    public Uni<List<McpServerConfigView>> delete(@Context HttpHeaders headers, @RestPath("mcp_server_name") String name) {
        Actor actor = Actor.of(headers);
        return servers.byName(actor, name).chain(s -> servers.delete(actor, s.id)).chain(() -> servers.list(actor))
                .map(LegacyMcpResource::configs);
    }

    @POST
    @Path("/servers/test")
    @Operation(summary = "Connect to an MCP server that is not saved and list its tools")
    public Uni<Map<String, Object>> test(@Context HttpHeaders headers, JsonNode body) {
        return actions.test(Actor.of(headers), McpServerRequests.legacyConfig(body));
    }

    @POST
    @Path("/servers/connect")
    @Produces({"text/event-stream", MediaType.APPLICATION_JSON})
    @Operation(summary = "Try to connect to an MCP server that is not saved: a connection_attempt event, then success or error")
    public Uni<Response> connect(@Context HttpHeaders headers, JsonNode body) {
        return actions.connect(Actor.of(headers), McpServerRequests.legacyConfig(body));
    }

    @POST
    @Path("/servers/{mcp_server_name}/tools/{tool_name}/execute")
    @Operation(summary = "Run any tool of the MCP server by name; answers {result, success}")
    public Uni<Map<String, Object>> execute(@Context HttpHeaders headers, @RestPath("mcp_server_name") String name,
                                            @RestPath("tool_name") String tool, JsonNode body) {
        return actions.execute(Actor.of(headers), name, tool, McpToolArgs.legacy(body));
    }

    @GET
    @Path("/oauth/callback")
    @Operation(summary = "OAuth callback for MCP servers: this server starts no OAuth flows, so no state is ever valid")
    public Map<String, Object> oauthCallback(@RestQuery("state") String state) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "error");
        out.put("message", state == null || state.isBlank() ? "Missing state parameter" : "Invalid or expired state parameter");
        return out;
    }

    private static Map<String, McpServerConfigView> byName(List<McpServerEntity> list) {
        Map<String, McpServerConfigView> out = new LinkedHashMap<>();
        list.forEach(s -> out.put(s.serverName, McpServerConfigView.of(s)));
        return out;
    }

    private static List<McpServerConfigView> configs(List<McpServerEntity> list) {
        return list.stream().map(McpServerConfigView::of).toList();
    }
}
