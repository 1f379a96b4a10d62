package dev.engram.memory.index;

/** How HYBRID search merges the BM25 and dense rankings. */
public enum FusionMode {
    /** Reciprocal rank fusion: sum of 1 / (k + rank); ignores score magnitudes. */
    RRF,
    /**
     * Convex combination of normalised scores: {@code w * dense + (1 - w) * bm25}, each list's scores divided by its
     * best (floor 0), a passage missing from a list counting 0 there. Unlike RRF it keeps how far apart the scores
     * are, which tends to rank better than RRF once the dense weight suits the embedding model.
     */
    WEIGHTED
}
