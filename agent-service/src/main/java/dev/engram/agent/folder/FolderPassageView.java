package dev.engram.agent.folder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.memory.MemoryRecords;

import java.time.Instant;
import java.util.List;

/** Letta's Passage of a folder's file (the vector itself is not sent). */
public record FolderPassageView(String id, String text, List<Float> embedding, JsonNode embeddingConfig, String archiveId, String fileId,
                                String fileName, String sourceId, JsonNode metadata, List<String> tags, Instant createdAt,
                                Instant updatedAt, String organizationId, boolean isDeleted, String createdById, String lastUpdatedById) {

    static FolderPassageView of(MemoryRecords.Passage p, Folder folder) {
        JsonNode m = p.metadata();
        return new FolderPassageView(p.id(), p.text(), null, folder.embeddingConfig, null, m == null ? null : m.path("file_id").asText(null),
                m == null ? null : m.path("file_name").asText(null), folder.id, m, List.of(), p.createdAt(), p.updatedAt(),
                folder.organizationId, false, p.createdById(), p.createdById());
    }
}
