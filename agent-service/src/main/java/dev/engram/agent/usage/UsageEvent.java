package dev.engram.agent.usage;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One usage event as it is stored: {@code id} is derived from what it measures, so the same thing measured twice is
 * one event. Token fields are null for meters that are not about tokens.
 */
public record UsageEvent(String id, String organizationId, String agentId, Meter meter, long quantity, Long promptTokens,
                         Long completionTokens, Long cachedTokens, Long totalTokens, String provider, String model, boolean byok,
                         String stepId, String runId, Instant occurredAt, JsonNode details) {

    /** An event of a meter that counts one quantity (ms, bytes, agents, embedding tokens). */
    public static UsageEvent of(String id, String organizationId, String agentId, Meter meter, long quantity, String stepId,
                                Instant occurredAt, JsonNode details) {
        Long tokens = meter == Meter.EMBEDDING ? quantity : null;
        return new UsageEvent(id, organizationId, agentId, meter, quantity, tokens, null, null, tokens, null, null, false, stepId, null,
                occurredAt, details);
    }
}
