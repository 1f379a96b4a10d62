package dev.engram.agent.loop;

import java.util.List;

/**
 * What a step record keeps of one step: who, which model, how many tokens, how it ended, the tools its model called
 * (names, in call order) and its times.
 */
public record StepInfo(String organizationId, String agentId, String runId, String providerName, String model, String modelHandle,
                       String modelEndpoint, Integer contextWindow, int promptTokens, int completionTokens, Integer cachedInputTokens,
                       Integer reasoningTokens, String stopReason, List<String> toolNames, StepClock.Times times) {
}
