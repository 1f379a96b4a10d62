package dev.engram.agent.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Calls one tool of a server and reads its answer as Letta does: the text parts joined, error or not. */
@ApplicationScoped
public class McpCalls {

    private static final ObjectMapper MCP = new ObjectMapper();
    /** Letta's text for a call that answered no content at all. */
    static final String EMPTY = "Empty response from tool";

    private final McpConnector connector;

    public McpCalls(McpConnector connector) {
        this.connector = connector;
    }

    /** What a call came to: the server's answer, which the server itself may mark as an error. */
    public record Outcome(boolean ok, String text) {
    }

    /**
     * @param environment the calling agent's secrets, for the templates in the server's headers (empty for none)
     * @param agentId     sent as {@code X-Agent-Id}; null for a call no agent made
     */
    public Uni<Outcome> call(McpServerEntity server, String tool, JsonNode arguments, Map<String, String> environment, String agentId) {
        Map<String, Object> args = arguments == null || arguments.isNull() ? Map.of()
                : MCP.convertValue(arguments, new TypeReference<Map<String, Object>>() { });
        return connector.callTool(target(server, environment, agentId), tool, args)
                .map(result -> new Outcome(!Boolean.TRUE.equals(result.isError()), text(result)));
    }

    static McpTarget target(McpServerEntity s, Map<String, String> environment, String agentId) {
        return new McpTarget(s.serverName, s.type(), s.serverUrl, McpAuth.headers(s, environment, agentId), s.command,
                s.args == null ? List.of() : s.args, McpServerView.strings(s.env));
    }

    /** Text parts as they are, other parts (images, resources) as their JSON; joined with spaces. */
    static String text(McpSchema.CallToolResult result) {
        List<String> parts = new ArrayList<>();
        for (McpSchema.Content c : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
            parts.add(c instanceof McpSchema.TextContent t ? t.text() : MCP.valueToTree(c).toString());
        }
        return parts.isEmpty() ? EMPTY : String.join(" ", parts);
    }
}
