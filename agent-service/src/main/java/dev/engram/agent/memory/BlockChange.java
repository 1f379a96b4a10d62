package dev.engram.agent.memory;

import java.time.Instant;

/** One recorded change of a block, as memory-service keeps it (its block history). */
public record BlockChange(
        String id,
        String blockId,
        long version,
        String label,
        String previousValue,
        String newValue,
        String operation,
        String reason,
        String actorId,
        String agentId,
        String toolCallId,
        Instant createdAt) {
}
