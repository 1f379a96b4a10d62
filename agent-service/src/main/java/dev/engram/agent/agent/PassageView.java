package dev.engram.agent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.memory.MemoryRecords;

import java.time.Instant;
import java.util.List;

/** Letta's Passage (the vector itself is not sent: {@code embedding} is null). */
public record PassageView(String id, String text, List<Float> embedding, JsonNode embeddingConfig, String archiveId, String fileId,
                          String fileName, String sourceId, JsonNode metadata, List<String> tags, Instant createdAt,
                          Instant updatedAt, String organizationId, boolean isDeleted, String createdById, String lastUpdatedById) {

    static PassageView of(MemoryRecords.Passage p, Agent agent) {
        return new PassageView(p.id(), p.text(), null, agent.embeddingConfig, "archive-" + agent.id.substring("agent-".length()), null,
                null, null, p.metadata(), p.tags(), p.createdAt(), p.updatedAt(), agent.organizationId, false, p.createdById(),
                p.createdById());
    }
}
