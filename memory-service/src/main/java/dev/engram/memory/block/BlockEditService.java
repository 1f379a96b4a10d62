package dev.engram.memory.block;

import dev.engram.memory.idempotency.IdempotencyService;
import dev.engram.memory.idempotency.Outcome;
import dev.engram.memory.web.ApiException;
import dev.engram.memory.web.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Atomic edits of a block's value with the semantics of Letta's memory tools. The block row is locked for the
 * transaction, so concurrent edits of one block apply one after another and none is lost.
 */
@ApplicationScoped
public class BlockEditService {

    private final BlockRepository blocks;
    private final BlockAttachmentRepository attachments;
    private final BlockService blockService;
    private final IdempotencyService idempotency;
    private final IsolatedBlocks isolated;

    public BlockEditService(BlockRepository blocks, BlockAttachmentRepository attachments, BlockService blockService,
                            IdempotencyService idempotency, IsolatedBlocks isolated) {
        this.isolated = isolated;
        this.blocks = blocks;
        this.attachments = attachments;
        this.blockService = blockService;
        this.idempotency = idempotency;
    }

    /**
     * Edits the agent's block with this label; {@code rethink} creates and attaches the block if it is missing. Within
     * a conversation ({@code conversationId} not null) the edit goes to the conversation's isolated copy of that label
     * when it has one, and to the agent's block otherwise.
     */
    public Uni<Outcome> editForAgent(Caller caller, String key, String agentId, String label, BlockEdit edit, String conversationId) {
        validate(edit);
        String org = caller.organizationId();
        String operation = "edit " + agentId + " " + label + (conversationId == null ? "" : " in " + conversationId);
        return idempotency.execute(caller, key, operation, edit, () -> isolated.lockCopy(org, agentId, conversationId, label)
                .chain(copy -> copy != null ? apply(caller, copy, edit, agentId) : editShared(caller, agentId, label, edit))
                .map(b -> Outcome.ok(BlockResponse.of(b))));
    }

    private Uni<Block> editShared(Caller caller, String agentId, String label, BlockEdit edit) {
        String org = caller.organizationId();
        return attachments.findByLabel(org, agentId, label)
                .chain(attachment -> {
                    if (attachment != null) {
                        return blocks.lockInOrg(org, attachment.blockId).chain(b -> apply(caller, b, edit, agentId));
                    }
                    if (edit.op() == BlockEdit.Op.rethink) {
                        return blockService.insert(caller, CreateBlock.of(label, clean(edit.content())))
                                .call(b -> blockService.attach(caller, agentId, b));
                    }
                    return attachments.labelsOf(org, agentId).chain(labels -> Uni.createFrom().failure(ApiException.notFound(
                            "Block field " + label + " does not exist (available sections = " + String.join(", ", labels) + ")")));
                });
    }

    /** Edits a block by id. */
    public Uni<Outcome> edit(Caller caller, String key, String blockId, BlockEdit edit) {
        validate(edit);
        return idempotency.execute(caller, key, "edit " + blockId, edit, () -> blocks.lockInOrg(caller.organizationId(), blockId)
                .onItem().ifNull().failWith(BlockService::notFound)
                .chain(b -> apply(caller, b, edit, null))
                .map(b -> Outcome.ok(BlockResponse.of(b))));
    }

    private Uni<Block> apply(Caller caller, Block b, BlockEdit e, String agentId) {
        if (b.readOnly) {
            throw ApiException.badRequest(BlockEdits.READ_ONLY_ERROR);
        }
        String previous = b.value;
        String next = switch (e.op()) {
            case append -> BlockEdits.append(previous, clean(e.content()));
            case replace_all -> BlockEdits.replaceAll(b.label, previous, clean(e.oldString()), clean(e.newString()));
            case replace_unique -> BlockEdits.replaceUnique(b.label, previous, clean(e.oldString()), clean(e.newString()));
            case insert -> BlockEdits.insert(previous, clean(e.content()), e.insertLine() == null ? -1 : e.insertLine());
            case rethink -> BlockEdits.rethink(clean(e.content()));
        };
        blockService.checkLimit(b.limit, next);
        b.value = next;
        return blockService.touch(caller, b, previous, e.op().name(), e.reason(), agentId, e.toolCallId()).replaceWith(b);
    }

    private static void validate(BlockEdit e) {
        switch (e.op()) {
            case append, insert, rethink -> require("content", e.content());
            case replace_all, replace_unique -> {
                require("old_string", e.oldString());
                require("new_string", e.newString());
            }
        }
    }

    private static void require(String field, String value) {
        if (value == null) {
            throw ApiException.unprocessable("body." + field + ": Field required");
        }
    }

    private static String clean(String s) {
        return BlockEdits.stripNulls(s);
    }
}
