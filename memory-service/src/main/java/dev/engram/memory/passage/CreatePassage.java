package dev.engram.memory.passage;

import jakarta.validation.constraints.NotNull;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A passage to insert.
 *
 * @param createdAt       for imports: the passage's own time (default now)
 * @param embeddingHandle the agent's embedding model ({@code provider/name}); null for a text-only agent
 * @param indexContext    optional text searched along with the passage but never returned: the turns around a
 *                        conversation excerpt, a document's title. Both BM25 and the vector cover it, so a
 *                        passage can be found by what surrounds it ("Yes, it was amazing!" by the question it
 *                        answers) while searches still show only the passage.
 */
public record CreatePassage(
        @NotNull(message = "Field required") String text,
        List<String> tags,
        OffsetDateTime createdAt,
        Map<String, Object> metadata,
        String embeddingHandle,
        String indexContext) {

    /** Letta's archival_memory_token_limit. */
    public static final int MAX_TOKENS = 8192;
}
