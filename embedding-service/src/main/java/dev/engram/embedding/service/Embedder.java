package dev.engram.embedding.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One servable model: turns texts into vectors. */
public interface Embedder {

    ModelInfo info();

    /**
     * Embeds {@code texts} (non-empty, none blank) in order.
     *
     * @param dimensions requested vector size, or {@code null} for the model's own
     * @throws InputRejected        when one input cannot be embedded (its index is relative to {@code texts})
     * @throws EmbeddingFailure     for provider-level failures known before any work starts
     */
    CompletableFuture<List<EmbeddedText>> embed(List<String> texts, Integer dimensions);
}
