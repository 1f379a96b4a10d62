package dev.engram.memory.archive;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** An archive as memory-service returns it; agent-service renders Letta's Archive from it. */
public record ArchiveView(String id, String name, String description, String embeddingHandle, JsonNode metadata,
                          Instant createdAt, Instant updatedAt, String createdById, String lastUpdatedById) {
}
