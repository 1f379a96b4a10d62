package dev.engram.agent.llm;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A tool call the model made.
 *
 * @param id        the provider's call id, which the matching {@link LlmMessage.ToolResult} must carry back
 * @param arguments the raw JSON text the model produced, unparsed (it may be invalid JSON)
 */
// native image: stored inside a step plan (StepPlan) with an ObjectMapper
@RegisterForReflection
public record ToolCall(String id, String name, String arguments) {
}
