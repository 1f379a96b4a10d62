package dev.engram.agent.run;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** Letta's Run. */
public record RunView(String id, String status, Instant createdAt, Instant completedAt, String agentId, String conversationId,
                      String baseTemplateId, boolean background, JsonNode metadata, JsonNode requestConfig, String stopReason,
                      String callbackUrl, Instant callbackSentAt, Integer callbackStatusCode, String callbackError, Long ttftNs,
                      Long totalDurationNs) {

    public static RunView of(Run r) {
        return new RunView(r.id, r.status, r.createdAt, r.completedAt, r.agentId, r.conversationId, null, r.background, r.metadata,
                r.requestConfig, r.stopReason, r.callbackUrl, r.callbackSentAt, r.callbackStatusCode, r.callbackError, r.ttftNs,
                r.totalDurationNs);
    }
}
