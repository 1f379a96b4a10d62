package dev.engram.memory.passage;

import java.util.List;

/**
 * Results of an archival search, best first.
 *
 * @param mode     the ranking actually used: hybrid, bm25 or dense
 * @param degraded why the search ran with less than asked for (e.g. embedding-service unavailable), or null
 */
public record SearchResult(List<Hit> results, int count, String mode, String degraded) {

    /** One passage found: timestamp in the agent's timezone. */
    public record Hit(String id, String timestamp, String content, List<String> tags, double relevance) {
    }
}
