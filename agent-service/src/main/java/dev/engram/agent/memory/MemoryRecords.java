package dev.engram.agent.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** memory-service's records as this service uses them (its own view of that contract). */
public final class MemoryRecords {

    private MemoryRecords() {
    }

    /**
     * A stored message: typed content parts, OpenAI-shaped tool calls, tool returns with the packaged response.
     *
     * @param conversationId the conversation it was written in, null for the agent's default thread (memory-service
     *                       sets it from the step that commits the message)
     */
    public record MessageData(String id, String agentId, String role, JsonNode content, String name, JsonNode toolCalls,
                              String toolCallId, JsonNode toolReturns, JsonNode approvals, String model, String otid,
                              String senderId, String groupId, String stepId, String runId, Boolean isErr, Instant createdAt,
                              Long seq, String conversationId) {
    }

    /** How stored messages become Letta messages. */
    public record ViewOptions(boolean useAssistantMessage, String assistantToolName, String assistantToolKwarg,
                              boolean textIsAssistantMessage, boolean reverse, Set<String> includeTypes) {
    }

    /** New content for the system message, recompiled in place. */
    public record Rewrite(String id, JsonNode content) {
    }

    /**
     * One step, committed atomically and idempotently (by step id) in memory-service.
     *
     * @param conversationId the thread whose window the step moves: null (or {@code default}) for the agent's own, else
     *                       a conversation's {@code conv-<uuid4>}, whose window {@link InitConversation} created
     */
    public record CommitStep(String stepId, String runId, List<MessageData> messages, List<Rewrite> rewrites,
                             List<String> inContextMessageIds, Long expectedVersion, ViewOptions view, String conversationId) {

        /** A step of the agent's default thread. */
        public CommitStep(String stepId, String runId, List<MessageData> messages, List<Rewrite> rewrites,
                          List<String> inContextMessageIds, Long expectedVersion, ViewOptions view) {
            this(stepId, runId, messages, rewrites, inContextMessageIds, expectedVersion, view, null);
        }

        /** The same step committed to a conversation's window (null: the default thread's). */
        public CommitStep inConversation(String conversation) {
            return new CommitStep(stepId, runId, messages, rewrites, inContextMessageIds, expectedVersion, view, conversation);
        }
    }

    public record CommitResult(String stepId, long contextVersion, List<String> inContextMessageIds, List<ObjectNode> messages) {
    }

    /** Everything a step needs from memory. */
    public record ContextView(String agentId, long version, List<Block> blocks, List<MessageData> messages, long recallCount,
                              long archivalCount, List<String> archivalTags) {
    }

    /** A new agent's memory: its blocks, the shared blocks it attaches, its first window. */
    public record InitAgent(List<Object> blocks, List<String> blockIds, CommitStep step) {
    }

    /**
     * A new conversation's memory, written in one transaction.
     *
     * @param isolatedBlockLabels labels of agent blocks the conversation gets private copies of (null: none)
     * @param step                its first window: its own system message, for a fork also ids of stored messages of the
     *                            agent; committed to the conversation whatever its conversation id says
     */
    public record InitConversation(List<String> isolatedBlockLabels, CommitStep step) {
    }

    /**
     * A conversation's memory as created.
     *
     * @param isolatedBlockIds the private copies, in the order of the labels
     * @param blocks           the blocks as the conversation's context shows them (copies in place of the originals)
     */
    public record ConversationCreated(String conversationId, List<String> isolatedBlockIds, List<Block> blocks) {
    }

    /** One stored message of the organization: its agent, its stored shape, its Letta messages in natural order. */
    public record StoredMessage(String agentId, MessageData message, List<ObjectNode> letta) {
    }

    /**
     * A full-text search over the organization's messages.
     *
     * @param agentIds       only these agents' messages (null: every agent)
     * @param conversationId {@code default}: agents' own threads; a conversation id: its messages and forked history
     * @param limit          1..100 (null: 50)
     * @param startDate      inclusive ISO date or date-time
     */
    public record MessageSearch(String query, List<String> roles, String agentId, List<String> agentIds, String conversationId,
                                Integer limit, String startDate, String endDate) {
    }

    /** A message found by a search; {@code ftsRank} is null when the search had no query. */
    public record MessageSearchHit(MessageData message, Double ftsRank, String embeddedText) {
    }

    /** One atomic edit of a block's value (memory tool semantics). */
    public record BlockEdit(String op, String content, String oldString, String newString, Integer insertLine, String toolCallId,
                            String reason) {
    }

    public record CreatePassage(String text, List<String> tags, java.time.OffsetDateTime createdAt, Object metadata,
                                String embeddingHandle) {
    }

    /** memory-service's passage with its vector (null when not embedded yet). */
    public record PassageVector(String id, String archiveId, String text, List<String> tags, JsonNode metadata, String embeddingHandle,
                                Integer embeddingDim, float[] embedding, Instant createdAt) {
    }

    /** A passage to insert with the vector it had; {@code embeddingHandle} is the model that made it. */
    public record VectorPassage(String text, List<String> tags, java.time.OffsetDateTime createdAt, Object metadata, float[] embedding,
                                String embeddingHandle) {
    }

    /** Passages with vectors for the agent's default archive, whose model is {@code embeddingHandle}. */
    public record VectorPassages(String embeddingHandle, List<VectorPassage> passages) {
    }

    /** What memory-service stored: how many passages kept their vector, how many it embedded again, and why. */
    public record VectorsInserted(List<Passage> passages, int vectorsKept, int reembedded, String note) {
    }

    public record Passage(String id, String archiveId, String agentId, String text, List<String> tags, JsonNode metadata, String embeddingHandle,
                          Integer embeddingDim, boolean embedded, Instant createdAt, Instant updatedAt, String createdById) {
    }

    /** An archive in memory-service: its passages are embedded with {@code embeddingHandle} (null: text only). */
    public record Archive(String id, String name, String description, String embeddingHandle, JsonNode metadata,
                          Instant createdAt, Instant updatedAt, String createdById, String lastUpdatedById) {
    }

    public record CreateArchive(String name, String description, String embeddingHandle, Object metadata) {
    }

    public record UpdateArchive(String name, String description) {
    }

    public record AttachArchive(String embeddingHandle) {
    }

    public record CreatePassages(List<CreatePassage> passages) {
    }

    /** Letta's PassageSearchRequest, dates as given. */
    public record PassageSearch(String query, String agentId, String archiveId, List<String> tags, String tagMatchMode,
                                Integer limit, String startDate, String endDate) {
    }

    public record PassageSearchHit(Passage passage, double score) {
    }

    public record SearchResult(List<SearchHit> results, int count, String mode, String degraded) {
    }

    public record SearchHit(String id, String timestamp, String content, List<String> tags, double relevance) {
    }

    /** Arguments of conversation_search plus the agent's timezone. */
    public record ConversationSearch(String query, List<String> roles, Integer limit, String startDate, String endDate,
                                     String timezone) {
    }

    /** What an organization keeps in memory-service: counts and text bytes. */
    public record Storage(String organizationId, long passages, long passageBytes, long messages, long messageBytes, long blocks,
                          long blockBytes) {
    }
}
