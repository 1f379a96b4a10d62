package dev.engram.agent.model;

import dev.engram.agent.llm.ModelInfo;

/**
 * Letta's {@code Model}: an LLM as {@code GET /v1/models/} lists it, with the legacy {@code LLMConfig} fields at
 * their Letta defaults.
 */
public record Model(String handle, String name, String displayName, String providerType, String providerName,
                    String providerCategory, String modelType, String model, String modelEndpointType,
                    String modelEndpoint, String modelWrapper, int contextWindow, int maxContextWindow,
                    Boolean putInnerThoughtsInKwargs, double temperature, Integer maxTokens, boolean enableReasoner,
                    String reasoningEffort, int maxReasoningTokens, String effort, Double frequencyPenalty,
                    String compatibilityType, String verbosity, String tier, Boolean parallelToolCalls,
                    Object responseFormat, boolean strict, boolean returnLogprobs, Integer topLogprobs,
                    boolean returnTokenIds, String toolCallParser) {

    static Model of(ModelInfo info) {
        return new Model(info.handle(), info.model(), info.displayName(), info.providerType(), info.providerName(),
                info.providerCategory(), "llm", info.model(), info.providerType(), info.endpoint(), null,
                info.contextWindow(), info.contextWindow(),
                // reasoning models think on their own; the others are asked for their thoughts in the tool arguments
                !info.reasoning(), 0.7, info.maxOutputTokens(), true, null, 0, null, null, null, null, null, false,
                null, false, false, null, false, null);
    }
}
