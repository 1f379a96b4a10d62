package dev.engram.memory.index;

import java.time.Instant;
import java.util.List;

/**
 * One search result with what is needed to show it, so that a search needs no PostgreSQL round trip.
 *
 * @param score BM25 score, cosine similarity or fused score, depending on the mode; comparable within one result
 *              list only
 */
public record IndexHit(String passageId, double score, String text, List<String> tags, Instant createdAt) {

    public IndexHit {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
