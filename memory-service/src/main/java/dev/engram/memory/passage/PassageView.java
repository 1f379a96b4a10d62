package dev.engram.memory.passage;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** A passage as memory-service returns it (the vector stays inside). */
public record PassageView(
        String id,
        String archiveId,
        String agentId,
        String text,
        String indexContext,
        List<String> tags,
        JsonNode metadata,
        String embeddingHandle,
        Integer embeddingDim,
        boolean embedded,
        Instant createdAt,
        Instant updatedAt,
        String createdById) {
}
