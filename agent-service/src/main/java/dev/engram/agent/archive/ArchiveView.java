package dev.engram.agent.archive;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** Letta's Archive. */
public record ArchiveView(String id, String name, String description, String vectorDbProvider, JsonNode embeddingConfig,
                          JsonNode metadata, String organizationId, Instant createdAt, Instant updatedAt, String createdById,
                          String lastUpdatedById) {

    /** Passages live in Engram's own index, which Letta's enum calls native. */
    static final String NATIVE = "native";
}
