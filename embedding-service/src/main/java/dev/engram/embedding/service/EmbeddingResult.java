package dev.engram.embedding.service;

import java.util.List;

/**
 * The vectors of one request, in input order.
 *
 * @param promptTokens     tokens read by the model over all inputs, counted by its own tokenizer
 * @param truncatedIndices indices of the inputs that were cut to fit the model's window
 */
public record EmbeddingResult(ModelHandle model, List<float[]> vectors, int promptTokens, List<Integer> truncatedIndices) {
}
