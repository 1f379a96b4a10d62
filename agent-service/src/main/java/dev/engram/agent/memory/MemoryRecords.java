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

    /** A stored message: typed content parts, OpenAI-shaped tool calls, tool returns with the packaged response. */
    public record MessageData(String id, String agentId, String role, JsonNode content, String name, JsonNode toolCalls,
                              String toolCallId, JsonNode toolReturns, JsonNode approvals, String model, String otid,
                              String senderId, String groupId, String stepId, String runId, Boolean isErr, Instant createdAt,
                              Long seq) {
    }

    /** How stored messages become Letta messages. */
    public record ViewOptions(boolean useAssistantMessage, String assistantToolName, String assistantToolKwarg,
                              boolean textIsAssistantMessage, boolean reverse, Set<String> includeTypes) {
    }

    /** New content for the system message, recompiled in place. */
    public record Rewrite(String id, JsonNode content) {
    }

    /** One step, committed atomically and idempotently (by step id) in memory-service. */
    public record CommitStep(String stepId, String runId, List<MessageData> messages, List<Rewrite> rewrites,
                             List<String> inContextMessageIds, Long expectedVersion, ViewOptions view) {
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

    /** One atomic edit of a block's value (memory tool semantics). */
    public record BlockEdit(String op, String content, String oldString, String newString, Integer insertLine, String toolCallId,
                            String reason) {
    }

    public record CreatePassage(String text, List<String> tags, java.time.OffsetDateTime createdAt, Object metadata,
                                String embeddingHandle) {
    }

    public record Passage(String id, String agentId, String text, List<String> tags, JsonNode metadata, String embeddingHandle,
                          Integer embeddingDim, boolean embedded, Instant createdAt, Instant updatedAt, String createdById) {
    }

    public record SearchResult(List<SearchHit> results, int count, String mode, String degraded) {
    }

    public record SearchHit(String id, String timestamp, String content, List<String> tags, double relevance) {
    }

    /** Arguments of conversation_search plus the agent's timezone. */
    public record ConversationSearch(String query, List<String> roles, Integer limit, String startDate, String endDate,
                                     String timezone) {
    }
}
