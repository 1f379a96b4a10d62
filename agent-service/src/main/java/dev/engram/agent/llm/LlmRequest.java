package dev.engram.agent.llm;

import java.util.List;

/**
 * A provider-neutral chat request.
 *
 * @param model             the provider's model name (e.g. {@code gpt-4o-mini}); null means the client's own handle
 * @param messages          the conversation, system prompt first
 * @param tools             the tools the model may call; empty for none
 * @param toolChoice        whether the model may, must or must not call a tool; null means {@link ToolChoice#AUTO}
 * @param temperature       null leaves the provider's default
 * @param maxTokens         longest answer in tokens; null leaves the provider's default
 * @param parallelToolCalls whether one answer may hold several tool calls; null leaves the provider's default
 */
public record LlmRequest(String model, List<LlmMessage> messages, List<ToolSpec> tools, ToolChoice toolChoice,
                         Double temperature, Integer maxTokens, Boolean parallelToolCalls) {

    public LlmRequest {
        messages = messages == null ? List.of() : List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        toolChoice = toolChoice == null ? ToolChoice.AUTO : toolChoice;
    }

    /** A request with only messages: the client's model, no tools, provider defaults. */
    public static LlmRequest of(List<LlmMessage> messages) {
        return new LlmRequest(null, messages, List.of(), ToolChoice.AUTO, null, null, null);
    }

    public LlmRequest withModel(String newModel) {
        return new LlmRequest(newModel, messages, tools, toolChoice, temperature, maxTokens, parallelToolCalls);
    }
}
