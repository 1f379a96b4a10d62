package dev.engram.memory.passage;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** Passages with their vectors: as an export reads them out, and as an import gives them back. */
public final class PassageVectors {

    private PassageVectors() {
    }

    /** A stored passage with its vector (null when it is not embedded yet). */
    public record Out(String id, String archiveId, String text, List<String> tags, JsonNode metadata, String embeddingHandle,
                      Integer embeddingDim, float[] embedding, Instant createdAt) {
    }

    /**
     * A passage to insert with the vector it had.
     *
     * @param embeddingHandle the model that made {@code embedding}
     */
    public record In(@NotNull(message = "Field required") String text, List<String> tags, OffsetDateTime createdAt,
                     Map<String, Object> metadata, float[] embedding, String embeddingHandle) {
    }

    /**
     * Up to {@link CreatePassages#MAX_PASSAGES} passages for the agent's default archive.
     *
     * @param embeddingHandle the agent's model (the archive's, when the archive is created by this insert)
     */
    public record Batch(String embeddingHandle, @NotNull(message = "Field required") List<@Valid @NotNull In> passages) {
    }

    /**
     * What was stored: the passages, how many kept their vector, how many were embedded again (their vector was of
     * another model than the archive's, or had none) and why.
     */
    public record Inserted(List<PassageView> passages, int vectorsKept, int reembedded, String note) {
    }
}
