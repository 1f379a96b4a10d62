package dev.engram.agent.loop;

import java.util.List;

/**
 * What a step record keeps of one step: who, which model (and whether of the deployment's providers, {@code base}, or
 * of the organization's own, {@code byok}), how many tokens, how it ended, the tools its model called
 * (names, in call order) and its times.
 */
public record StepInfo(String organizationId, String agentId, String runId, String providerName, String providerCategory, String model, String modelHandle,
                       String modelEndpoint, Integer contextWindow, int promptTokens, int completionTokens, Integer cachedInputTokens,
                       Integer reasoningTokens, String stopReason, List<String> toolNames, StepClock.Times times) {
}
