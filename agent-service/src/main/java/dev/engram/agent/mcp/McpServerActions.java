package dev.engram.agent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.agent.ToolExecutionResult;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.smallrye.mutiny.Uni;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.engram.agent.json.JsonText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What clients do with a server beyond storing it: run one of its tools directly, try a connection and list what it
 * offers. A server that cannot be reached is a 502 naming the reason, one that does not answer in time a 408.
 */
@ApplicationScoped
public class McpServerActions {

    private final McpServerService servers;
    private final McpCalls calls;
    private final McpConnector connector;

    public McpServerActions(McpServerService servers, McpCalls calls, McpConnector connector) {
        this.servers = servers;
        this.calls = calls;
        this.connector = connector;
    }

    /** Runs a saved tool of the server: {@code status} says whether the server answered it as an error. */
    public Uni<ToolExecutionResult> run(Actor actor, String serverId, String toolId, JsonNode args) {
        return servers.get(actor, serverId).chain(server -> servers.tool(server, toolId)
                .chain(tool -> calls.call(server, tool.name, args, Map.of(), null)))
                .map(o -> new ToolExecutionResult(o.ok() ? "success" : "error", o.text(), null, null, null, null));
    }

    /** Legacy execute_mcp_tool: any tool the server has, saved or not, by name; {@code {"result", "success"}}. */
    public Uni<Map<String, Object>> execute(Actor actor, String serverName, String tool, JsonNode args) {
        return servers.byName(actor, serverName).chain(server -> calls.call(server, tool, args, Map.of(), null))
                .map(o -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("result", o.text());
                    out.put("success", o.ok());
                    return out;
                });
    }

    /** Legacy test_mcp_server: the tools of a server not saved; {@code {"status": "success", "tools": [...]}}. */
    public Uni<Map<String, Object>> test(Actor actor, McpServerSpec spec) {
        McpServerEntity draft = servers.draft(actor, spec);
        return connector.listTools(McpCalls.target(draft, Map.of(), null)).map(tools -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", "success");
            out.put("tools", tools.stream().map(t -> McpToolView.of(t, false)).toList());
            return out;
        });
    }

    /**
     * Letta's connect stream: a {@code connection_attempt} event, then {@code success} with the server's tools or
     * {@code error} with the reason. Letta goes on to an OAuth flow when a server answers 401; this server runs no
     * OAuth flows, so that ends in an error naming the alternative (a token in the server's auth settings). The
     * events are sent together once the attempt is over (it is bounded by the connect and call timeouts), so that a
     * server that does not exist is a plain 404.
     */
    public Uni<Response> connect(McpServerEntity s) {
        return connector.listTools(McpCalls.target(s, Map.of(), null))
                .map(tools -> event("success", "tools", tools.stream().map(t -> McpToolView.of(t, false)).toList()))
                .onFailure().recoverWithItem(e -> event("error", "message", connectError(e)))
                .map(outcome -> stream(s.serverName, outcome));
    }

    /** The connect stream of a server given by config (legacy): a config this server refuses is an error event. */
    public Uni<Response> connect(Actor actor, McpServerSpec spec) {
        McpServerEntity draft;
        try {
            draft = servers.draft(actor, spec);
        } catch (ApiException e) {
            return Uni.createFrom().item(stream(spec.serverName(), event("error", "message", e.getMessage())));
        }
        return connect(draft);
    }

    private static Response stream(String serverName, Map<String, Object> outcome) {
        StringBuilder body = new StringBuilder();
        for (Map<String, Object> e : List.of(event("connection_attempt", "server_name", serverName), outcome)) {
            try {
                body.append("data: ").append(JsonText.MAPPER.writeValueAsString(e)).append("\n\n");
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return Response.ok(body.toString(), "text/event-stream").header("Cache-Control", "no-cache").build();
    }

    private static String connectError(Throwable e) {
        if (e instanceof ApiException) {
            return e.getMessage();
        }
        String reason = e instanceof McpFailure ? e.getMessage() : McpConnector.reason(e);
        if (reason.contains("401") || reason.toLowerCase(java.util.Locale.ROOT).contains("unauthorized")) {
            return "Connection failed: " + reason + ". The server asks for OAuth authorization, which this server does not "
                    + "run; set auth_header and auth_token (or custom_headers) instead.";
        }
        return "Connection failed: " + reason;
    }

    private static Map<String, Object> event(String event, String key, Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", event);
        out.put(key, value);
        return out;
    }
}
