package dev.engram.agent.block;

import dev.engram.agent.memory.BlockChange;

import java.time.Instant;

/**
 * One change of a block on the public API ({@code GET /v1/blocks/{block_id}/history}; Engram's own, Letta has no such
 * route): the value before and after, the operation, who made it ({@code actor_id}, the user; {@code agent_id} when an
 * agent's tool did), why ({@code reason}) and the tool call behind it.
 */
public record BlockHistoryEntry(
        String id,
        String blockId,
        long version,
        String label,
        String before,
        String after,
        String operation,
        String reason,
        String actorId,
        String agentId,
        String toolCallId,
        Instant createdAt) {

    static BlockHistoryEntry of(BlockChange c) {
        return new BlockHistoryEntry(c.id(), c.blockId(), c.version(), c.label(), c.previousValue(), c.newValue(), c.operation(),
                c.reason(), c.actorId(), c.agentId(), c.toolCallId(), c.createdAt());
    }
}
