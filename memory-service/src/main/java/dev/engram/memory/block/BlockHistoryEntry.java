package dev.engram.memory.block;

import java.time.Instant;

/** One recorded change of a block. */
public record BlockHistoryEntry(
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

    static BlockHistoryEntry of(BlockHistory h) {
        return new BlockHistoryEntry(h.id, h.blockId, h.version, h.label, h.previousValue, h.newValue, h.operation, h.reason,
                h.actorId, h.agentId, h.toolCallId, h.createdAt);
    }
}
