package dev.engram.embedding.service;

/**
 * One embedded input.
 *
 * @param vector    L2-normalised
 * @param tokens    tokens of this input that the model read (after truncation)
 * @param truncated whether the input was cut to fit the model's window
 */
public record EmbeddedText(float[] vector, int tokens, boolean truncated) {
}
