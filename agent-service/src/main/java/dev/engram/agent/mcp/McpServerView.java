package dev.engram.agent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Letta's MCPServerUnion, as {@code /v1/mcp-servers} answers it: StdioMCPServer or SSEMCPServer /
 * StreamableHTTPMCPServer, each with only its own fields. The token is shown as Letta shows it, in full.
 */
public sealed interface McpServerView permits McpServerView.Stdio, McpServerView.Http {

    // resources answer the sealed interface: Quarkus registers only it, the native image needs the records too
    @RegisterForReflection
    record Stdio(String mcpServerType, String command, List<String> args, Map<String, String> env, String id, String serverName)
            implements McpServerView {
    }

    // resources answer the sealed interface: Quarkus registers only it, the native image needs the records too
    @RegisterForReflection
    record Http(String mcpServerType, String serverUrl, String authHeader, String authToken, Map<String, String> customHeaders,
                String id, String serverName) implements McpServerView {
    }

    static McpServerView of(McpServerEntity s) {
        if (s.type() == McpServerType.STDIO) {
            return new Stdio(s.serverType, s.command, s.args, strings(s.env), s.id, s.serverName);
        }
        return new Http(s.serverType, s.serverUrl, s.authToken == null ? null : s.authHeader, McpAuth.shownToken(s),
                strings(s.customHeaders), s.id, s.serverName);
    }

    /** A JSON object of strings as a map; null for none. */
    static Map<String, String> strings(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
