package dev.engram.memory.index;

/** Which rankings a search uses. */
public enum SearchMode {
    /** Text only (BM25). */
    BM25,
    /** Query vector only (cosine). */
    DENSE,
    /** Both, fused; degrades to the one that applies when the query lacks text or vector. */
    HYBRID
}
