package dev.engram.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool the model may call.
 *
 * @param parameters a JSON Schema object as Letta and OpenAI tools carry it:
 *                   {@code {"type":"object","properties":{...},"required":[...]}}; null for a tool without arguments
 */
public record ToolSpec(String name, String description, JsonNode parameters) {
}
