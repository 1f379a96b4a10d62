package dev.engram.agent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.McpTestServers;
import dev.engram.agent.web.ApiException;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connector on its own: stdio servers where enabled, and the refusal of internal URLs where that is asked. */
class McpConnectorTest {

    private static McpConfig config(boolean stdio, boolean blockInternal) {
        return new McpConfig() {
            @Override
            public boolean stdioEnabled() {
                return stdio;
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration callTimeout() {
                return Duration.ofSeconds(30);
            }

            @Override
            public boolean blockInternalUrls() {
                return blockInternal;
            }
        };
    }

    private static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    private static McpTarget stdio() {
        return new McpTarget("local", McpServerType.STDIO, null, Map.of(), "node", List.of(McpTestServers.entryPoint(), "stdio"),
                Map.of("EVERYTHING_MARKER", "from-engram"));
    }

    @Test
    void a_stdio_server_runs_as_a_child_process_where_enabled() {
        McpConnector connector = new McpConnector(config(true, false));
        List<McpSchema.Tool> tools = connector.listTools(stdio()).await().atMost(Duration.ofSeconds(60));
        assertTrue(tools.stream().anyMatch(t -> t.name().equals("echo")), tools.toString());
        McpSchema.CallToolResult echo = connector.callTool(stdio(), "echo", Map.of("message", "over stdio"))
                .await().atMost(Duration.ofSeconds(60));
        assertEquals("Echo: over stdio", McpCalls.text(echo));
        McpSchema.CallToolResult env = connector.callTool(stdio(), "get-env", Map.of()).await().atMost(Duration.ofSeconds(60));
        JsonNode childEnv = json(McpCalls.text(env));
        assertEquals("from-engram", childEnv.path("EVERYTHING_MARKER").asText(), "the configured env reaches the command");
        assertTrue(childEnv.has("PATH"), childEnv.toString());
        List<String> ours = System.getenv().keySet().stream()
                .filter(k -> !List.of("HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER").contains(k)).toList();
        assertTrue(!ours.isEmpty(), "this JVM has variables of its own");
        ours.forEach(k -> assertTrue(!childEnv.has(k), k + " of this server's environment reached the command"));
    }

    @Test
    void a_stdio_server_is_refused_where_disabled() {
        McpConnector connector = new McpConnector(config(false, false));
        ApiException e = assertThrows(ApiException.class, () -> connector.listTools(stdio()).await().atMost(Duration.ofSeconds(10)));
        assertEquals(400, e.status());
        assertTrue(e.detail().contains("ENGRAM_MCP_STDIO=true"), e.detail());
    }

    @Test
    void internal_urls_are_refused_where_asked() {
        McpConnector connector = new McpConnector(config(false, true));
        for (String url : List.of("http://localhost:3001/mcp", "http://127.0.0.1:3001/mcp", "http://10.1.2.3/mcp", "http://192.168.0.7/sse",
                "http://169.254.169.254/latest", "http://[::1]:8080/mcp", "http://[fd00::5]/mcp", "http://metadata.google.internal/",
                "http://mcp.svc/mcp")) {
            ApiException e = assertThrows(ApiException.class,
                    () -> connector.checkUrl(McpServerType.STREAMABLE_HTTP, url).await().atMost(Duration.ofSeconds(10)), url);
            assertEquals(400, e.status(), url);
        }
        // a public address literal passes (nothing is resolved or contacted)
        connector.checkUrl(McpServerType.SSE, "https://8.8.8.8/sse").await().atMost(Duration.ofSeconds(10));
        // and nothing is refused where the setting is off
        new McpConnector(config(false, false)).checkUrl(McpServerType.SSE, "http://127.0.0.1/sse").await().atMost(Duration.ofSeconds(10));
    }
}
