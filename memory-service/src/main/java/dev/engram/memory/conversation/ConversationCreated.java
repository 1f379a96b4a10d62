package dev.engram.memory.conversation;

import dev.engram.memory.block.BlockResponse;

import java.util.List;

/**
 * A conversation's memory, as created.
 *
 * @param isolatedBlockIds the private copies, in the order of the labels asked for
 * @param blocks           the blocks as the conversation's context shows them: the agent's, in attachment order, with
 *                         the copies in place of the blocks they copy
 */
public record ConversationCreated(String conversationId, List<String> isolatedBlockIds, List<BlockResponse> blocks) {
}
