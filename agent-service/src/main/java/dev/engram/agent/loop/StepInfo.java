package dev.engram.agent.loop;

/** What a step record keeps of one step: who, which model, how many tokens, how it ended. */
public record StepInfo(String organizationId, String agentId, String runId, String providerName, String model, String modelHandle,
                       String modelEndpoint, Integer contextWindow, int promptTokens, int completionTokens, Integer cachedInputTokens,
                       Integer reasoningTokens, String stopReason) {
}
