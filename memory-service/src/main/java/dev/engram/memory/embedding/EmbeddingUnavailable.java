package dev.engram.memory.embedding;

/** embedding-service cannot embed right now: inserts keep the passage and embed it later; searches fall back to BM25. */
public class EmbeddingUnavailable extends RuntimeException {

    public EmbeddingUnavailable(String message) {
        super(message, null, false, false);
    }
}
