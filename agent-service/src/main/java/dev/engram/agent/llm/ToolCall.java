package dev.engram.agent.llm;

/**
 * A tool call the model made.
 *
 * @param id        the provider's call id, which the matching {@link LlmMessage.ToolResult} must carry back
 * @param arguments the raw JSON text the model produced, unparsed (it may be invalid JSON)
 */
public record ToolCall(String id, String name, String arguments) {
}
