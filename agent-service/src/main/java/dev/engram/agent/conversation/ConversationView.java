package dev.engram.agent.conversation;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** Letta's Conversation. */
public record ConversationView(String createdById, String lastUpdatedById, Instant createdAt, Instant updatedAt, String id, String agentId,
                               String summary, List<String> inContextMessageIds, List<String> isolatedBlockIds, String model,
                               JsonNode modelSettings, Instant lastMessageAt) {

    static ConversationView of(Conversation c, List<String> inContext) {
        return new ConversationView(c.createdById, c.lastUpdatedById, c.createdAt, c.updatedAt, c.id, c.agentId, c.summary, inContext,
                List.copyOf(c.isolatedBlockIds), c.model, c.modelSettings, c.lastMessageAt);
    }
}
