package dev.engram.memory.index;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A passage as the index sees it.
 *
 * @param vector the passage's embedding, or null for an agent without an embedding model. It is stored
 *               L2-normalised (a normalised copy is taken here), so cosine and dot product agree.
 */
public record IndexedPassage(String id, String organizationId, String agentId, String text, List<String> tags,
                             Instant createdAt, float[] vector) {

    public IndexedPassage {
        requireText(id, "id");
        requireText(organizationId, "organizationId");
        requireText(agentId, "agentId");
        Objects.requireNonNull(text, "text");
        tags = tags == null ? List.of() : List.copyOf(tags);
        Objects.requireNonNull(createdAt, "createdAt");
        vector = vector == null ? null : Vectors.normalized(vector);
    }

    /** The vector's dimension, or 0 without a vector. */
    public int dimension() {
        return vector == null ? 0 : vector.length;
    }

    static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
