package dev.engram.agent.folder;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** Letta's Folder (and Source, which adds vector_db_provider). */
public record FolderView(String id, String name, String description, String instructions, JsonNode metadata,
                         JsonNode embeddingConfig, String vectorDbProvider, String organizationId, String createdById,
                         String lastUpdatedById, Instant createdAt, Instant updatedAt) {

    static FolderView of(Folder f) {
        return new FolderView(f.id, f.name, f.description, f.instructions, f.metadata, f.embeddingConfig, "native", f.organizationId,
                f.createdById, f.lastUpdatedById, f.createdAt, f.updatedAt);
    }
}
