package dev.engram.agent.tool.source;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A custom tool read from its source: the function schema stored as the tool's {@code json_schema}, and whether the
 * function declares an {@code agent_state} parameter (which the sandbox fills in, and the schema leaves out).
 */
public record ParsedTool(ObjectNode jsonSchema, boolean takesAgentState) {
}
