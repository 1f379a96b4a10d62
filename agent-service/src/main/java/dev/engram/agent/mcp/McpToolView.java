package dev.engram.agent.mcp;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Letta's MCPTool: a tool as the MCP server lists it (MCP's camelCase field names, kept on the wire), with its
 * schema normalized and its {@link SchemaHealth}.
 */
public record McpToolView(
        String name,
        String title,
        String description,
        @JsonProperty("inputSchema") JsonNode inputSchema,
        @JsonProperty("outputSchema") JsonNode outputSchema,
        JsonNode annotations,
        @JsonProperty("_meta") JsonNode meta,
        Health health) {

    /** MCP's own field names, not the API's snake_case. */
    private static final ObjectMapper MCP = new ObjectMapper();

    public record Health(String status, java.util.List<String> reasons) {
    }

    /** The tool as listed, its schema normalized; with its health when {@code withHealth}. */
    static McpToolView of(McpSchema.Tool tool, boolean withHealth) {
        JsonNode input = McpSchemas.normalize(MCP.valueToTree(tool.inputSchema()));
        Health health = null;
        if (withHealth) {
            SchemaHealth h = SchemaHealth.of(input);
            health = new Health(h.status(), h.reasons());
        }
        return new McpToolView(tool.name(), tool.title(), tool.description(), input, tree(tool.outputSchema()),
                tree(tool.annotations()), tree(tool.meta()), health);
    }

    static JsonNode tree(Object value) {
        return value == null ? null : MCP.valueToTree(value);
    }
}
