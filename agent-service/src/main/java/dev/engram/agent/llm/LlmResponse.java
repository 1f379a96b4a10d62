package dev.engram.agent.llm;

import java.util.List;

/**
 * A complete answer.
 *
 * @param text         what the model said; null when it only called tools
 * @param reasoning    its reasoning / thinking text when the provider returns one, else null
 * @param toolCalls    the tools it called, in order; never null
 * @param model        the model that answered, as the provider names it
 */
public record LlmResponse(String text, String reasoning, List<ToolCall> toolCalls, LlmUsage usage,
                          FinishReason finishReason, String model) {

    public LlmResponse {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }
}
