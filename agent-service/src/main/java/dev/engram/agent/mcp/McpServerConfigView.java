package dev.engram.agent.mcp;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * The legacy {@code /v1/tools/mcp/servers} shapes: StdioServerConfig, SSEServerConfig and StreamableHTTPServerConfig,
 * flat, with the transport in {@code type}.
 */
public sealed interface McpServerConfigView permits McpServerConfigView.Stdio, McpServerConfigView.Http {

    // resources answer the sealed interface: Quarkus registers only it, the native image needs the records too
    @RegisterForReflection
    record Stdio(String serverName, String type, String command, List<String> args, Map<String, String> env)
            implements McpServerConfigView {
    }

    // resources answer the sealed interface: Quarkus registers only it, the native image needs the records too
    @RegisterForReflection
    record Http(String serverName, String type, String serverUrl, String authHeader, String authToken,
                Map<String, String> customHeaders) implements McpServerConfigView {
    }

    static McpServerConfigView of(McpServerEntity s) {
        if (s.type() == McpServerType.STDIO) {
            return new Stdio(s.serverName, s.serverType, s.command, s.args, McpServerView.strings(s.env));
        }
        return new Http(s.serverName, s.serverType, s.serverUrl, s.authToken == null ? null : s.authHeader, McpAuth.shownToken(s),
                McpServerView.strings(s.customHeaders));
    }
}
