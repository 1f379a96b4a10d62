package dev.engram.memory.index;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A passage as the index sees it.
 *
 * @param vector  the passage's embedding, or null for an agent without an embedding model. It is stored
 *                L2-normalised (a normalised copy is taken here), so cosine and dot product agree.
 * @param context text searched along with the passage but never returned (the surrounding conversation, a title);
 *                null for none. The vector, when the caller made it, covers it too ({@link #searchText()}).
 */
public record IndexedPassage(String id, String organizationId, String agentId, String text, List<String> tags,
                             Instant createdAt, float[] vector, String context) {

    /** A passage without index context. */
    public IndexedPassage(String id, String organizationId, String agentId, String text, List<String> tags,
                          Instant createdAt, float[] vector) {
        this(id, organizationId, agentId, text, tags, createdAt, vector, null);
    }

    public IndexedPassage {
        requireText(id, "id");
        requireText(organizationId, "organizationId");
        requireText(agentId, "agentId");
        Objects.requireNonNull(text, "text");
        tags = tags == null ? List.of() : List.copyOf(tags);
        Objects.requireNonNull(createdAt, "createdAt");
        vector = vector == null ? null : Vectors.normalized(vector);
        context = context == null || context.isBlank() ? null : context;
    }

    /** What BM25 indexes and the vector is made of: the text, then its context. */
    public String searchText() {
        return searchText(text, context);
    }

    /**
     * The text followed by its context, marked as such ("text (context: ...)"), or the text alone. The marker keeps
     * the embedding centred on the passage: on LoCoMo, dense recall@10 with a neighbouring turn on each side was
     * 0.551 with it against 0.534 with the context on a plain new line.
     */
    public static String searchText(String text, String context) {
        return context == null || context.isBlank() ? text : text + " (context: " + context + ")";
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
