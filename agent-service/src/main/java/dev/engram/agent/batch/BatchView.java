package dev.engram.agent.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Letta's BatchJob. */
public record BatchView(String id, String status, Instant createdAt, Instant updatedAt, Instant completedAt, String stopReason,
                        Map<String, Object> metadata, String jobType, Boolean background, String agentId, String callbackUrl,
                        Instant callbackSentAt, Integer callbackStatusCode, String callbackError, Long ttftNs, Long totalDurationNs,
                        String createdById, String lastUpdatedById) {

    static BatchView of(Batch b) {
        return new BatchView(b.id, b.status, b.createdAt, b.updatedAt, b.completedAt, null, Map.of("job_type", "batch_messages"), "batch",
                null, null, b.callbackUrl, b.callbackSentAt, b.callbackStatusCode, b.callbackError, null,
                b.completedAt == null ? null : Duration.between(b.createdAt, b.completedAt).toNanos(), b.createdById, b.createdById);
    }
}
