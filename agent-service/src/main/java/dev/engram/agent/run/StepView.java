package dev.engram.agent.run;

import java.util.List;
import java.util.Map;

/** Letta's Step, with its token usage. */
public record StepView(String id, String origin, String providerId, String runId, String agentId, String providerName,
                       String providerCategory, String model, String modelHandle, String modelEndpoint, Integer contextWindowLimit,
                       int completionTokens, int promptTokens, int totalTokens, Integer cachedInputTokens, Integer cacheWriteTokens,
                       Integer reasoningTokens, Map<String, Object> completionTokensDetails, Map<String, Object> promptTokensDetails,
                       String stopReason, List<String> tags, String tid, String traceId, String requestId, List<Object> messages,
                       String feedback, String projectId, String errorType, Object errorData, String status) {

    public static StepView of(StepRecord s) {
        Map<String, Object> completion = s.reasoningTokens == null ? null : Map.of("reasoning_tokens", s.reasoningTokens);
        Map<String, Object> prompt = s.cachedInputTokens == null ? null : Map.of("cached_tokens", s.cachedInputTokens);
        return new StepView(s.id, null, null, s.runId, s.agentId, s.providerName, s.providerCategory, s.model, s.modelHandle,
                s.modelEndpoint, s.contextWindowLimit, s.completionTokens, s.promptTokens, s.totalTokens, s.cachedInputTokens, null,
                s.reasoningTokens, completion, prompt, s.stopReason, s.tags == null ? List.of() : List.copyOf(s.tags), null, null, null, List.of(),
                s.feedback, null, s.errorType,
                s.errorData == null ? null : Map.of("message", s.errorData), s.status);
    }
}
