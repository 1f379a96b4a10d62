package dev.engram.memory.message;

import dev.engram.memory.block.BlockResponse;

import java.util.List;

/**
 * Everything a step needs from memory, in one call: the agent's blocks, its in-context messages (system first), and
 * the counts shown in the memory metadata.
 */
public record ContextView(
        String agentId,
        long version,
        List<BlockResponse> blocks,
        List<MessageData> messages,
        long recallCount,
        long archivalCount,
        List<String> archivalTags) {
}
