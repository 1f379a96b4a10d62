package dev.engram.agent.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;
import java.util.function.Supplier;

/**
 * The one way into memory-service: timeouts (the REST client's connect and read timeouts,
 * {@code quarkus.rest-client.memory.*-timeout}), retries with backoff (safe, since every mutating call carries an
 * idempotency key) and a circuit breaker, so that a memory-service outage is a quick 503, never a hang.
 */
@ApplicationScoped
@Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = MemoryUnavailable.class)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 3000, failOn = MemoryUnavailable.class)
public class MemoryClient {

    private final MemoryApi api;
    private final dev.engram.agent.usage.UsageRecorder usage;
    private final dev.engram.agent.events.AgentEvents events;

    public MemoryClient(@RestClient MemoryApi api, dev.engram.agent.usage.UsageRecorder usage, dev.engram.agent.events.AgentEvents events) {
        this.api = api;
        this.usage = usage;
        this.events = events;
    }

    // --- standalone blocks

    public Uni<Block> createBlock(Actor actor, String key, Object body) {
        return call(() -> api.createBlock(actor.organizationId(), actor.userId(), key, body));
    }

    public Uni<List<Block>> listBlocks(Actor actor, MultivaluedMap<String, String> query) {
        return call(() -> api.listBlocks(actor.organizationId(), query));
    }

    public Uni<Long> countBlocks(Actor actor, MultivaluedMap<String, String> query) {
        return call(() -> api.countBlocks(actor.organizationId(), query));
    }

    /** The distinct tags of the organization's blocks, in code-point order (ascending or not), with tag cursors. */
    public Uni<List<String>> blockTags(Actor actor, String text, String after, String before, boolean ascending, int limit) {
        return call(() -> api.blockTags(actor.organizationId(), text, after, before, ascending ? "asc" : "desc", limit));
    }

    public Uni<Block> getBlock(Actor actor, String id) {
        return call(() -> api.getBlock(actor.organizationId(), id));
    }

    public Uni<Block> updateBlock(Actor actor, String key, String id, Object body) {
        return call(() -> api.updateBlock(actor.organizationId(), actor.userId(), key, id, body));
    }

    public Uni<Void> deleteBlock(Actor actor, String key, String id) {
        return call(() -> api.deleteBlock(actor.organizationId(), actor.userId(), key, id)).replaceWithVoid();
    }

    public Uni<List<String>> agentsOfBlock(Actor actor, String blockId) {
        return call(() -> api.agentsOfBlock(actor.organizationId(), blockId));
    }

    /** The block's recorded changes, oldest first, after {@code afterVersion}. */
    public Uni<List<BlockChange>> blockHistory(Actor actor, String blockId, long afterVersion, int limit) {
        return call(() -> api.blockHistory(actor.organizationId(), blockId, afterVersion, limit));
    }

    // --- an agent's blocks

    public Uni<List<Block>> agentBlocks(Actor actor, String agentId) {
        return call(() -> api.agentBlocks(actor.organizationId(), agentId));
    }

    public Uni<Block> agentBlock(Actor actor, String agentId, String label) {
        return agentBlock(actor, agentId, label, null);
    }

    /** The agent's block with this label; within a conversation its isolated copy when it has one. */
    public Uni<Block> agentBlock(Actor actor, String agentId, String label, String conversationId) {
        return call(() -> api.agentBlock(actor.organizationId(), agentId, label, conversationId));
    }

    public Uni<Block> editAgentBlock(Actor actor, String key, String agentId, String label, MemoryRecords.BlockEdit edit) {
        return editAgentBlock(actor, key, agentId, label, edit, null);
    }

    /**
     * An edit by label within a thread: in a conversation ({@code conversationId} not null nor {@code default}) it goes
     * to the conversation's isolated copy of the label when it has one, else to the agent's block.
     */
    public Uni<Block> editAgentBlock(Actor actor, String key, String agentId, String label, MemoryRecords.BlockEdit edit,
                                     String conversationId) {
        return call(() -> api.editAgentBlock(actor.organizationId(), actor.userId(), key, agentId, label, conversationId, edit))
                .call(b -> events.blockUpdated(actor, agentId, b, edit.toolCallId()));
    }

    public Uni<Block> attach(Actor actor, String key, String agentId, String blockId) {
        return call(() -> api.attach(actor.organizationId(), actor.userId(), key, agentId, blockId));
    }

    public Uni<Block> detach(Actor actor, String key, String agentId, String blockId) {
        return call(() -> api.detach(actor.organizationId(), actor.userId(), key, agentId, blockId));
    }

    // --- an agent's memory as a whole, its window and messages

    public Uni<List<Block>> initAgent(Actor actor, String key, String agentId, MemoryRecords.InitAgent body) {
        return call(() -> api.initAgent(actor.organizationId(), actor.userId(), key, agentId, body));
    }

    public Uni<Void> deleteAgent(Actor actor, String agentId) {
        return call(() -> api.deleteAgent(actor.organizationId(), agentId)).replaceWithVoid();
    }

    /** The context of the agent's default thread. */
    public Uni<MemoryRecords.ContextView> context(Actor actor, String agentId) {
        return context(actor, agentId, null);
    }

    /**
     * The context of one thread: {@code conversationId} null or {@code default} for the agent's own; a conversation's
     * (404 when it has no window) has its window and version, and the agent's blocks with its isolated copies in place.
     */
    public Uni<MemoryRecords.ContextView> context(Actor actor, String agentId, String conversationId) {
        return call(() -> api.context(actor.organizationId(), agentId, conversationId));
    }

    public Uni<MemoryRecords.CommitResult> commit(Actor actor, String agentId, MemoryRecords.CommitStep step) {
        return call(() -> api.commit(actor.organizationId(), agentId, step));
    }

    public Uni<List<JsonNode>> messages(Actor actor, String agentId, MultivaluedMap<String, String> query) {
        return call(() -> api.messages(actor.organizationId(), agentId, query));
    }

    // --- conversations

    /**
     * Creates a conversation's memory in one transaction: copies of the isolated blocks and its first window. 409 when
     * it has a window already; 400 for a label the agent has no block with (nothing written).
     */
    public Uni<MemoryRecords.ConversationCreated> initConversation(Actor actor, String key, String agentId, String conversationId,
                                                                   MemoryRecords.InitConversation body) {
        return call(() -> api.initConversation(actor.organizationId(), actor.userId(), key, agentId, conversationId, body));
    }

    /**
     * Deletes a conversation's window, isolated blocks and the messages written in it that no other window holds; 404
     * when it has no window. Retries are safe: the key is the conversation's own (its id is never used again).
     */
    public Uni<Void> deleteConversation(Actor actor, String agentId, String conversationId) {
        return call(() -> api.deleteConversation(actor.organizationId(), actor.userId(), "delete " + conversationId, agentId,
                conversationId)).replaceWithVoid();
    }

    // --- the organization's messages

    /** Every message of the organization: memory-service's {@code GET /v1/messages} with these query parameters. */
    public Uni<List<JsonNode>> allMessages(Actor actor, MultivaluedMap<String, String> query) {
        return call(() -> api.allMessages(actor.organizationId(), query));
    }

    /** One message of the organization with its Letta messages in the default view; 404 when there is none. */
    public Uni<MemoryRecords.StoredMessage> message(Actor actor, String messageId) {
        return message(actor, messageId, new jakarta.ws.rs.core.MultivaluedHashMap<>());
    }

    /** One message of the organization, its Letta messages converted with these view parameters. */
    public Uni<MemoryRecords.StoredMessage> message(Actor actor, String messageId, MultivaluedMap<String, String> view) {
        return call(() -> api.message(actor.organizationId(), messageId, view));
    }

    public Uni<List<MemoryRecords.MessageSearchHit>> searchMessages(Actor actor, MemoryRecords.MessageSearch body) {
        return call(() -> api.searchMessages(actor.organizationId(), body));
    }

    public Uni<JsonNode> conversationSearch(Actor actor, String agentId, MemoryRecords.ConversationSearch search) {
        return call(() -> api.conversationSearch(actor.organizationId(), agentId, search));
    }

    // --- archival memory

    /**
     * Inserts into the agent's default archive; memory-service creates it on the agent's first write, named
     * {@code archiveName} (Letta's "{agent name}'s Archive").
     */
    public Uni<MemoryRecords.Passage> insertPassage(Actor actor, String key, String agentId, String archiveName,
                                                    MemoryRecords.CreatePassage body) {
        return call(() -> api.insertPassage(actor.organizationId(), actor.userId(), key, agentId, archiveName, body))
                .call(p -> metered(actor, agentId, p))
                .call(p -> events.passageCreated(actor, agentId, p));
    }

    /** memory-service embeds the text and keeps no token count: the usage event carries this estimate. */
    private Uni<Void> metered(Actor actor, String agentId, MemoryRecords.Passage p) {
        return p.embeddingHandle() == null ? Uni.createFrom().voidItem()
                : usage.embedding(actor.organizationId(), agentId, "passage:" + p.id(), p.embeddingHandle(),
                dev.engram.agent.loop.TokenCounter.count(p.text()), true);
    }

    // --- archives

    public Uni<MemoryRecords.Archive> createArchive(Actor actor, String key, MemoryRecords.CreateArchive body) {
        return call(() -> api.createArchive(actor.organizationId(), actor.userId(), key, body));
    }

    public Uni<List<MemoryRecords.Archive>> archives(Actor actor, MultivaluedMap<String, String> query) {
        return call(() -> api.archives(actor.organizationId(), query));
    }

    public Uni<MemoryRecords.Archive> archive(Actor actor, String id) {
        return call(() -> api.archive(actor.organizationId(), id));
    }

    public Uni<MemoryRecords.Archive> updateArchive(Actor actor, String key, String id, MemoryRecords.UpdateArchive body) {
        return call(() -> api.updateArchive(actor.organizationId(), actor.userId(), key, id, body));
    }

    public Uni<Void> deleteArchive(Actor actor, String key, String id) {
        return call(() -> api.deleteArchive(actor.organizationId(), actor.userId(), key, id)).replaceWithVoid();
    }

    public Uni<List<String>> agentsOfArchive(Actor actor, String id) {
        return call(() -> api.agentsOfArchive(actor.organizationId(), id));
    }

    public Uni<MemoryRecords.Passage> insertArchivePassage(Actor actor, String key, String archiveId, MemoryRecords.CreatePassage body) {
        return call(() -> api.insertArchivePassage(actor.organizationId(), actor.userId(), key, archiveId, body))
                .call(p -> metered(actor, null, p));
    }

    public Uni<List<MemoryRecords.Passage>> insertArchivePassages(Actor actor, String key, String archiveId,
                                                                  MemoryRecords.CreatePassages body) {
        return call(() -> api.insertArchivePassages(actor.organizationId(), actor.userId(), key, archiveId, body))
                .call(list -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (MemoryRecords.Passage p : list) {
                        chain = chain.chain(() -> metered(actor, null, p));
                    }
                    return chain;
                });
    }

    public Uni<Void> deleteArchivePassage(Actor actor, String key, String archiveId, String passageId) {
        return call(() -> api.deleteArchivePassage(actor.organizationId(), actor.userId(), key, archiveId, passageId)).replaceWithVoid();
    }

    /** 409 when the archive is embedded with another model than {@code embeddingHandle}, the agent's. */
    public Uni<MemoryRecords.Archive> attachArchive(Actor actor, String key, String agentId, String archiveId, String embeddingHandle) {
        return call(() -> api.attachArchive(actor.organizationId(), actor.userId(), key, agentId, archiveId,
                new MemoryRecords.AttachArchive(embeddingHandle)));
    }

    public Uni<MemoryRecords.Archive> detachArchive(Actor actor, String key, String agentId, String archiveId) {
        return call(() -> api.detachArchive(actor.organizationId(), actor.userId(), key, agentId, archiveId));
    }

    public Uni<List<MemoryRecords.PassageSearchHit>> searchArchives(Actor actor, MemoryRecords.PassageSearch body) {
        return call(() -> api.searchArchives(actor.organizationId(), body));
    }

    /** Several passages at once (at most 500), all or nothing; each embedded one metered as {@link #insertPassage} does. */
    public Uni<List<MemoryRecords.Passage>> insertPassages(Actor actor, String key, String agentId, MemoryRecords.CreatePassages body) {
        return call(() -> api.insertPassages(actor.organizationId(), actor.userId(), key, agentId, body))
                .call(list -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (MemoryRecords.Passage p : list) {
                        if (p.embeddingHandle() != null) {
                            chain = chain.chain(() -> usage.embedding(actor.organizationId(), agentId, "passage:" + p.id(),
                                    p.embeddingHandle(), dev.engram.agent.loop.TokenCounter.count(p.text()), true));
                        }
                    }
                    return chain;
                });
    }

    /** Passages with the vectors they had: kept when of the archive's model and dimension, else embedded again. */
    public Uni<MemoryRecords.VectorsInserted> insertPassagesWithVectors(Actor actor, String key, String agentId,
                                                                      MemoryRecords.VectorPassages body) {
        return call(() -> api.insertPassagesWithVectors(actor.organizationId(), actor.userId(), key, agentId, body));
    }

    /** A page of the agent's passages with their vectors, oldest first. */
    public Uni<List<MemoryRecords.PassageVector>> passageVectors(Actor actor, String agentId, String after, int limit) {
        return call(() -> api.passageVectors(actor.organizationId(), agentId, after, limit));
    }

    /** How many archival passages the actor's organization keeps, over all its agents. */
    public Uni<Long> countPassages(Actor actor) {
        return call(() -> api.countPassages(actor.organizationId()));
    }

    public Uni<List<MemoryRecords.Passage>> passages(Actor actor, String agentId, MultivaluedMap<String, String> query) {
        return call(() -> api.passages(actor.organizationId(), agentId, query));
    }

    /** The search result; {@code degraded} says when it ran with less than asked (BM25 only). */
    public Uni<MemoryRecords.SearchResult> searchPassages(Actor actor, String agentId, MultivaluedMap<String, String> query) {
        return call(() -> api.searchPassages(actor.organizationId(), agentId, query));
    }

    public Uni<Void> deletePassage(Actor actor, String key, String agentId, String passageId) {
        return call(() -> api.deletePassage(actor.organizationId(), actor.userId(), key, agentId, passageId))
                .call(() -> events.passageDeleted(actor, agentId, passageId)).replaceWithVoid();
    }

    /** The organization's storage in memory-service (passages, messages, blocks: counts and bytes). */
    public Uni<MemoryRecords.Storage> storage(String organizationId) {
        return call(() -> api.storage(organizationId));
    }

    /** Turns transport failures into {@link MemoryUnavailable}; API errors pass through as they are. */
    private static <T> Uni<T> call(Supplier<Uni<? extends T>> request) {
        return Uni.createFrom().deferred(request).onFailure().transform(MemoryClient::translate);
    }

    static Throwable translate(Throwable failure) {
        if (failure instanceof ApiException) {
            return failure;
        }
        if (failure instanceof ProcessingException || failure instanceof java.net.ConnectException
                || failure instanceof io.vertx.core.VertxException || failure instanceof java.io.IOException
                || failure instanceof java.util.concurrent.TimeoutException) {
            return new MemoryUnavailable("memory-service is unavailable: " + rootMessage(failure));
        }
        return failure;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

}
