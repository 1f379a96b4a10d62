package dev.engram.memory.conversation;

import dev.engram.memory.message.CommitStep;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/**
 * What memory-service holds for a new conversation, written in one transaction.
 *
 * @param isolatedBlockLabels labels of agent blocks the conversation gets private copies of
 * @param step                its first window: its own system message and, for a fork, ids of the agent's stored
 *                            messages it carries over; committed to the conversation whatever its conversation_id says
 */
public record InitConversation(
        List<String> isolatedBlockLabels,
        @NotNull(message = "Field required") @Valid CommitStep step) {
}
