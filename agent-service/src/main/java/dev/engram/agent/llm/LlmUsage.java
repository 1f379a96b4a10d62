package dev.engram.agent.llm;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Token counts of one call.
 *
 * @param promptTokens      all input tokens, cached ones included
 * @param cachedInputTokens input tokens served from the provider's prompt cache; null when the provider does not say
 * @param reasoningTokens   output tokens spent on hidden reasoning; null when the provider does not say
 */
// native image: stored inside a step plan (StepPlan) and written by the usage code with an ObjectMapper
@RegisterForReflection
public record LlmUsage(int promptTokens, int completionTokens, int totalTokens, Integer cachedInputTokens,
                       Integer reasoningTokens) {

    static final LlmUsage UNKNOWN = new LlmUsage(0, 0, 0, null, null);
}
