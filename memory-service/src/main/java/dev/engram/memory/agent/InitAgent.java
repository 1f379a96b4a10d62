package dev.engram.memory.agent;

import dev.engram.memory.block.CreateBlock;
import dev.engram.memory.message.CommitStep;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/**
 * Everything memory-service holds for a new agent, written in one transaction: its own blocks, the shared blocks it
 * attaches, and its first window (system message and initial messages).
 */
public record InitAgent(
        List<@Valid CreateBlock> blocks,
        List<String> blockIds,
        @NotNull(message = "Field required") @Valid CommitStep step) {
}
