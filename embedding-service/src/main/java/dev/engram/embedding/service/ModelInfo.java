package dev.engram.embedding.service;

/**
 * What a model offers, as listed by {@code GET /v1/models}.
 *
 * @param embeddingDim       vector size; {@code null} when the provider does not say before the first call
 * @param maxInputTokens     the longest input (in the model's own tokens) embedded without truncation; {@code null} if unknown
 * @param supportsDimensions whether a request may ask for fewer dimensions
 */
public record ModelInfo(ModelHandle handle, Integer embeddingDim, Integer maxInputTokens, boolean supportsDimensions) {
}
