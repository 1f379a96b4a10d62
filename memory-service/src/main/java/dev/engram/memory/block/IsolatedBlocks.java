package dev.engram.memory.block;

import dev.engram.memory.web.ApiException;
import dev.engram.memory.web.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * A conversation's isolated blocks: private copies of agent blocks made when the conversation starts, edited by label
 * within it, and deleted with it. Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class IsolatedBlocks {

    private final BlockService blocks;
    private final BlockRepository blockRepository;
    private final BlockAttachmentRepository attachments;
    private final ConversationBlockRepository copies;

    public IsolatedBlocks(BlockService blocks, BlockRepository blockRepository, BlockAttachmentRepository attachments,
                          ConversationBlockRepository copies) {
        this.blocks = blocks;
        this.blockRepository = blockRepository;
        this.attachments = attachments;
        this.copies = copies;
    }

    /**
     * Copies the agent's block with this label (label, description, value, limit, metadata, read_only) into a new block
     * that stands in for it in the conversation; 400 when the agent has no block with that label.
     */
    public Uni<BlockResponse> isolate(Caller caller, String agentId, String conversationId, String label) {
        String org = caller.organizationId();
        return attachments.findByLabel(org, agentId, label)
                .onItem().ifNull().failWith(() -> ApiException.badRequest("Block with label '" + label + "' not found on agent '"
                        + agentId + "'"))
                .chain(a -> blockRepository.findInOrg(org, a.blockId))
                .chain(original -> blocks.insert(caller, new CreateBlock(original.label, original.value, original.limit,
                        original.description, original.readOnly, original.metadata, null, null, null, null, null, null, null, null,
                        null, null)))
                .call(copy -> {
                    ConversationBlock link = new ConversationBlock();
                    link.conversationId = conversationId;
                    link.label = label;
                    link.agentId = agentId;
                    link.organizationId = org;
                    link.blockId = copy.id;
                    return copies.persist(link);
                })
                .map(BlockResponse::of);
    }

    /** The conversation's copy of the block with this label, locked for an edit; null when it has none. */
    Uni<Block> lockCopy(String org, String agentId, String conversationId, String label) {
        if (conversationId == null) {
            return Uni.createFrom().nullItem();
        }
        return copies.findByLabel(org, agentId, conversationId, label)
                .chain(link -> link == null ? Uni.createFrom().nullItem() : blockRepository.lockInOrg(org, link.blockId));
    }

    /** The conversation's copy of the block with this label; null when it has none. */
    Uni<Block> copy(String org, String agentId, String conversationId, String label) {
        if (conversationId == null) {
            return Uni.createFrom().nullItem();
        }
        return copies.findByLabel(org, agentId, conversationId, label)
                .chain(link -> link == null ? Uni.createFrom().nullItem() : blockRepository.findInOrg(org, link.blockId));
    }

    /** Deletes the conversation's copies. */
    public Uni<Void> deleteOf(String org, String agentId, String conversationId) {
        return copies.blockIdsOf(org, agentId, conversationId).chain(this::delete);
    }

    /** Deletes the copies of every conversation of the agent. */
    public Uni<Void> deleteOfAgent(String org, String agentId) {
        return copies.blockIdsOfAgent(org, agentId).chain(this::delete);
    }

    private Uni<Void> delete(List<String> blockIds) {
        if (blockIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return copies.delete("blockId in ?1", blockIds).chain(() -> blockRepository.delete("id in ?1", blockIds)).replaceWithVoid();
    }
}
