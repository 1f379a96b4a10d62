package dev.engram.agent.message;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** Letta's bodies and answers of the organization-wide message searches. */
public final class MessageSearchRequests {

    private MessageSearchRequests() {
    }

    /** {@code POST /v1/messages/search}. */
    public record SearchAllMessagesRequest(String query, String searchMode, String agentId, String conversationId, Integer limit,
                                           String startDate, String endDate) {
    }

    /** {@code POST /v1/agents/messages/search}. */
    public record MessageSearchRequest(String query, String searchMode, List<String> roles, String agentId, String projectId,
                                       String templateId, String conversationId, Integer limit, String startDate, String endDate) {
    }

    /**
     * Letta's MessageSearchResult.
     *
     * @param ftsRank    the message's position (1 = best) in the full-text ranking, null without a query
     * @param vectorRank always null: messages have no embeddings here
     * @param rrfScore   reciprocal rank fusion over the one ranking there is: {@code 1 / (60 + fts_rank)}, 0 without a query
     */
    public record MessageSearchResult(String embeddedText, RawMessage message, Integer ftsRank, Integer vectorRank, double rrfScore) {
    }

    /** Letta's raw Message schema, as stored. */
    public record RawMessage(String id, String agentId, String model, String role, JsonNode content, String name, JsonNode toolCalls,
                             String toolCallId, String stepId, String runId, String otid, JsonNode toolReturns, String groupId,
                             String senderId, String batchItemId, String conversationId, Boolean isErr, String approvalRequestId,
                             Boolean approve, String denialReason, JsonNode approvals, Instant createdAt, Instant updatedAt,
                             String createdById, String lastUpdatedById) {
    }
}
