package dev.engram.agent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.engram.agent.agent.ToolExecuteRequest;

/** The arguments of a direct MCP tool call: Letta's ToolExecuteRequest, whose {@code args} must be an object. */
final class McpToolArgs {

    private McpToolArgs() {
    }

    /** {@code /v1/mcp-servers/.../run}: the body may be absent; no field but {@code args}. */
    static JsonNode strict(JsonNode body) {
        return object(ToolExecuteRequest.of(body).args());
    }

    /** The legacy execute route: a body is required; other fields are ignored. */
    static JsonNode legacy(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw JsonFields.invalid("body", "Field required");
        }
        if (!body.isObject()) {
            throw JsonFields.invalid("body", "Input should be a valid dictionary");
        }
        JsonNode args = body.get("args");
        return args == null || args.isNull() ? JsonNodeFactory.instance.objectNode() : object(args);
    }

    private static JsonNode object(JsonNode args) {
        if (!args.isObject()) {
            throw JsonFields.invalid("body.args", "Input should be a valid dictionary");
        }
        return args;
    }
}
