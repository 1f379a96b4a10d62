package dev.engram.memory.agent;

import dev.engram.memory.block.BlockAttachmentRepository;
import dev.engram.memory.block.BlockRepository;
import dev.engram.memory.block.BlockService;
import dev.engram.memory.block.CreateBlock;
import dev.engram.memory.block.IsolatedBlocks;
import dev.engram.memory.idempotency.IdempotencyService;
import dev.engram.memory.idempotency.Outcome;
import dev.engram.memory.message.AgentContextRepository;
import dev.engram.memory.message.MessageRepository;
import dev.engram.memory.message.MessageService;
import dev.engram.memory.message.StepCommitRepository;
import dev.engram.memory.web.ApiException;
import dev.engram.memory.web.Caller;
import dev.engram.memory.web.Ids;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An agent's memory as a whole: created in one transaction, deleted together. */
@ApplicationScoped
public class AgentMemoryService {

    private final BlockService blocks;
    private final BlockRepository blockRepository;
    private final BlockAttachmentRepository attachments;
    private final MessageService messages;
    private final MessageRepository messageRepository;
    private final AgentContextRepository contexts;
    private final StepCommitRepository commits;
    private final dev.engram.memory.archive.ArchiveService passages;
    private final IdempotencyService idempotency;
    private final IsolatedBlocks isolated;

    public AgentMemoryService(BlockService blocks, BlockRepository blockRepository, BlockAttachmentRepository attachments,
                              MessageService messages, MessageRepository messageRepository, AgentContextRepository contexts,
                              StepCommitRepository commits, dev.engram.memory.archive.ArchiveService passages, IdempotencyService idempotency,
                              IsolatedBlocks isolated) {
        this.isolated = isolated;
        this.blocks = blocks;
        this.blockRepository = blockRepository;
        this.attachments = attachments;
        this.messages = messages;
        this.messageRepository = messageRepository;
        this.contexts = contexts;
        this.commits = commits;
        this.passages = passages;
        this.idempotency = idempotency;
    }

    /**
     * Creates the agent's blocks, attaches the shared ones and commits its first window, all or nothing. Answers the
     * agent's blocks in attachment order.
     */
    public Uni<Outcome> init(Caller caller, String key, String agentId, InitAgent request) {
        List<CreateBlock> own = request.blocks() == null ? List.of() : request.blocks();
        List<String> shared = request.blockIds() == null ? List.of() : request.blockIds();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < own.size(); i++) {
            if (!labels.add(own.get(i).label())) {
                throw ApiException.conflict("Duplicate block label '" + own.get(i).label() + "' in memory_blocks");
            }
        }
        for (int i = 0; i < shared.size(); i++) {
            Ids.require("block", "block_ids[" + i + "]", shared.get(i));
        }
        if (Ids.conversation("step.conversation_id", request.step().conversationId()) != null) {
            throw ApiException.unprocessable("step.conversation_id: an agent's first window is its default thread's");
        }
        return idempotency.execute(caller, key, "init " + agentId, request, () -> createAll(caller, agentId, own)
                .chain(() -> attachShared(caller, agentId, shared))
                .chain(() -> messages.commitInTransaction(caller, agentId, request.step()))
                .chain(() -> blocks.blocksOfInSession(caller, agentId))
                .map(Outcome::ok));
    }

    private Uni<Void> createAll(Caller caller, String agentId, List<CreateBlock> own) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (CreateBlock block : own) {
            chain = chain.chain(() -> blocks.createAttached(caller, agentId, block));
        }
        return chain;
    }

    private Uni<Void> attachShared(Caller caller, String agentId, List<String> shared) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String id : shared) {
            chain = chain.chain(() -> blocks.attachExisting(caller, agentId, id));
        }
        return chain;
    }

    /**
     * Deletes the agent's messages, windows (its own and every conversation's), passages and attachments. Blocks no
     * other agent uses go with it, and so do its conversations' isolated copies; shared blocks stay for the agents still
     * using them.
     */
    public Uni<Map<String, Object>> delete(Caller caller, String agentId) {
        String org = caller.organizationId();
        return Panache.withTransaction(() -> attachments.agentBlockIds(org, agentId)
                        .chain(ids -> attachments.delete("organizationId = ?1 and agentId = ?2", org, agentId)
                                .chain(() -> attachments.stillAttached(ids))
                                .chain(kept -> {
                                    List<String> orphaned = new ArrayList<>(ids);
                                    orphaned.removeAll(kept);
                                    return orphaned.isEmpty() ? Uni.createFrom().item(0L) : blockRepository.delete("id in ?1", orphaned);
                                }))
                        .chain(() -> isolated.deleteOfAgent(org, agentId))
                        .chain(() -> messageRepository.deleteAgent(org, agentId))
                        .chain(() -> contexts.delete("organizationId = ?1 and agentId = ?2", org, agentId))
                        .chain(() -> commits.delete("organizationId = ?1 and agentId = ?2", org, agentId)))
                .chain(() -> passages.deleteAgent(caller, agentId))
                .replaceWith(Map.of("message", "Agent memory of " + agentId + " deleted"));
    }

}
