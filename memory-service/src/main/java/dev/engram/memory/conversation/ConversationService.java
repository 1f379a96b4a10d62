package dev.engram.memory.conversation;

import dev.engram.memory.block.BlockResponse;
import dev.engram.memory.block.BlockService;
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
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * A conversation's memory: a thread of one agent with its own window and messages, sharing the agent's blocks (but
 * for its isolated copies) and searchable history. Created and deleted in one transaction each.
 */
@ApplicationScoped
public class ConversationService {

    private final AgentContextRepository windows;
    private final StepCommitRepository commits;
    private final MessageRepository messageRepository;
    private final MessageService messages;
    private final BlockService blocks;
    private final IsolatedBlocks isolated;
    private final IdempotencyService idempotency;

    public ConversationService(AgentContextRepository windows, StepCommitRepository commits, MessageRepository messageRepository,
                               MessageService messages, BlockService blocks, IsolatedBlocks isolated, IdempotencyService idempotency) {
        this.windows = windows;
        this.commits = commits;
        this.messageRepository = messageRepository;
        this.messages = messages;
        this.blocks = blocks;
        this.isolated = isolated;
        this.idempotency = idempotency;
    }

    /**
     * Copies the isolated blocks and commits the conversation's first window, all or nothing; 409 when the conversation
     * has a window already, 400 for a label the agent has no block with.
     */
    public Uni<Outcome> init(Caller caller, String key, String agentId, String conversationId, InitConversation request) {
        List<String> labels = request.isolatedBlockLabels() == null ? List.of() : request.isolatedBlockLabels();
        if (new HashSet<>(labels).size() != labels.size()) {
            throw ApiException.unprocessable("isolated_block_labels: a label appears twice");
        }
        String named = Ids.conversation("step.conversation_id", request.step().conversationId());
        if (named != null && !named.equals(conversationId)) {
            throw ApiException.unprocessable("step.conversation_id: must be the conversation being created, " + conversationId);
        }
        String org = caller.organizationId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return idempotency.execute(caller, key, "init " + agentId + " " + conversationId, request, () -> windows
                .claim(org, agentId, conversationId, now)
                .chain(claimed -> claimed ? copyAll(caller, agentId, conversationId, labels)
                        : Uni.createFrom().failure(ApiException.conflict("Conversation " + conversationId + " already exists")))
                .call(() -> messages.commitInTransaction(caller, agentId, request.step().inConversation(conversationId)))
                .chain(copies -> blocks.blocksOfInSession(caller, agentId).map(shared -> Outcome.ok(new ConversationCreated(
                        conversationId, copies.stream().map(BlockResponse::id).toList(), substituted(shared, copies))))));
    }

    private Uni<List<BlockResponse>> copyAll(Caller caller, String agentId, String conversationId, List<String> labels) {
        Uni<List<BlockResponse>> chain = Uni.createFrom().item(new ArrayList<>());
        for (String label : labels) {
            chain = chain.chain(done -> isolated.isolate(caller, agentId, conversationId, label).map(copy -> {
                done.add(copy);
                return done;
            }));
        }
        return chain;
    }

    /** The agent's blocks with each copied label replaced in place by its copy, as the conversation's context has them. */
    private static List<BlockResponse> substituted(List<BlockResponse> shared, List<BlockResponse> copies) {
        Map<String, BlockResponse> byLabel = new HashMap<>();
        copies.forEach(c -> byLabel.put(c.label(), c));
        return shared.stream().map(b -> byLabel.getOrDefault(b.label(), b)).toList();
    }

    /**
     * Deletes the conversation's window, its step records, its isolated blocks and the messages written in it that
     * no other window of the agent holds (a fork shares them); 404 when it has no window.
     */
    public Uni<Outcome> delete(Caller caller, String key, String agentId, String conversationId) {
        String org = caller.organizationId();
        return idempotency.execute(caller, key, "delete " + agentId + " " + conversationId, Map.of(), () -> windows
                .deleteConversation(org, agentId, conversationId)
                .chain(found -> found ? commits.deleteConversation(org, agentId, conversationId)
                        : Uni.createFrom().failure(MessageService.conversationNotFound(conversationId)))
                .chain(() -> isolated.deleteOf(org, agentId, conversationId))
                .chain(() -> messageRepository.deleteConversation(org, agentId, conversationId))
                .map(n -> Outcome.ok(Map.of("message", "Conversation " + conversationId + " deleted", "deleted_messages", n))));
    }
}
