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
        return of(p, agent.embeddingConfig, agent.organizationId);
    }

    /** A passage of an archive, with the archive's embedding configuration. */
    public static PassageView of(MemoryRecords.Passage p, JsonNode embeddingConfig, String organizationId) {
        return new PassageView(p.id(), p.text(), null, embeddingConfig, p.archiveId(), null, null, null, p.metadata(), p.tags(),
                p.createdAt(), p.updatedAt(), organizationId, false, p.createdById(), p.createdById());
    }

    /** The name of the archive an agent's first write creates, as Letta names it. */
    public static String defaultArchiveName(Agent agent) {
        return agent.name + "'s Archive"; // as the archival_memory_insert tool names it too
    }
}
