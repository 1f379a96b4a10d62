package dev.engram.agent.folder;

import com.fasterxml.jackson.databind.JsonNode;

/** Letta's SourceCreate and SourceUpdate. */
public final class FolderRequests {

    private FolderRequests() {
    }

    public record Create(String name, String description, String instructions, JsonNode metadata, String embedding,
                         Integer embeddingChunkSize, JsonNode embeddingConfig) {
    }

    public record Update(String name, String description, String instructions, JsonNode metadata, JsonNode embeddingConfig) {
    }
}
