package dev.engram.memory.index;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A search within one agent's passages.
 *
 * @param text        query text for BM25; null or blank for none
 * @param vector      query embedding (normalised copy taken here); null for none, e.g. an agent without an
 *                    embedding model
 * @param tags        required tags; empty for no tag filter
 * @param tagMatchAll true: a passage must carry every tag; false: at least one
 * @param start       inclusive lower bound on created_at, or null
 * @param end         inclusive upper bound on created_at, or null
 * @param fusion      HYBRID fusion for this query, or null for the index's configured default
 * @param alsoAgentIds further partitions searched along with {@code agentId} (an agent's archives: the index
 *                    partitions passages by the key it calls agent id, which memory-service fills with the archive id)
 */
public record IndexQuery(String organizationId, String agentId, String text, float[] vector, SearchMode mode,
                         int topK, List<String> tags, boolean tagMatchAll, Instant start, Instant end,
                         FusionMode fusion, List<String> alsoAgentIds) {

    /** A search within one partition. */
    public IndexQuery(String organizationId, String agentId, String text, float[] vector, SearchMode mode,
                      int topK, List<String> tags, boolean tagMatchAll, Instant start, Instant end, FusionMode fusion) {
        this(organizationId, agentId, text, vector, mode, topK, tags, tagMatchAll, start, end, fusion, List.of());
    }

    public static final int MAX_TOP_K = 100;
    public static final int DEFAULT_TOP_K = 10;

    public IndexQuery {
        IndexedPassage.requireText(organizationId, "organizationId");
        IndexedPassage.requireText(agentId, "agentId");
        Objects.requireNonNull(mode, "mode");
        if (topK < 1 || topK > MAX_TOP_K) {
            throw new IllegalArgumentException("top_k must be between 1 and " + MAX_TOP_K);
        }
        if (mode == SearchMode.DENSE && vector == null) {
            throw new IllegalArgumentException("DENSE search needs a query vector");
        }
        if (start != null && end != null && start.isAfter(end)) {
            throw new IllegalArgumentException("start must not be after end");
        }
        vector = vector == null ? null : Vectors.normalized(vector);
        tags = tags == null ? List.of() : List.copyOf(tags);
        alsoAgentIds = alsoAgentIds == null ? List.of() : List.copyOf(alsoAgentIds);
        alsoAgentIds.forEach(id -> IndexedPassage.requireText(id, "alsoAgentIds"));
    }

    /** Every partition searched: {@code agentId} first. */
    public List<String> agentIds() {
        List<String> all = new java.util.ArrayList<>(1 + alsoAgentIds.size());
        all.add(agentId);
        alsoAgentIds.stream().filter(id -> !id.equals(agentId)).distinct().forEach(all::add);
        return all;
    }

    /** A HYBRID query for the top {@value #DEFAULT_TOP_K}, without filters. */
    public static IndexQuery of(String organizationId, String agentId, String text, float[] vector) {
        return new IndexQuery(organizationId, agentId, text, vector, SearchMode.HYBRID, DEFAULT_TOP_K, List.of(),
                false, null, null, null);
    }

    public IndexQuery withMode(SearchMode newMode) {
        return new IndexQuery(organizationId, agentId, text, vector, newMode, topK, tags, tagMatchAll, start, end,
                fusion, alsoAgentIds);
    }

    public IndexQuery withTopK(int newTopK) {
        return new IndexQuery(organizationId, agentId, text, vector, mode, newTopK, tags, tagMatchAll, start, end,
                fusion, alsoAgentIds);
    }

    public IndexQuery withTags(List<String> newTags, boolean matchAll) {
        return new IndexQuery(organizationId, agentId, text, vector, mode, topK, newTags, matchAll, start, end,
                fusion, alsoAgentIds);
    }

    public IndexQuery withTimeRange(Instant newStart, Instant newEnd) {
        return new IndexQuery(organizationId, agentId, text, vector, mode, topK, tags, tagMatchAll, newStart, newEnd,
                fusion, alsoAgentIds);
    }

    public IndexQuery withFusion(FusionMode newFusion) {
        return new IndexQuery(organizationId, agentId, text, vector, mode, topK, tags, tagMatchAll, start, end,
                newFusion, alsoAgentIds);
    }

    public boolean hasText() {
        return text != null && !text.isBlank();
    }

    /**
     * The mode actually run: HYBRID needs both text and vector and otherwise falls back to the one it has, so that
     * agents without an embedding model get BM25.
     */
    public SearchMode effectiveMode() {
        if (mode != SearchMode.HYBRID) {
            return mode;
        }
        if (vector == null) {
            return SearchMode.BM25;
        }
        return hasText() ? SearchMode.HYBRID : SearchMode.DENSE;
    }
}
