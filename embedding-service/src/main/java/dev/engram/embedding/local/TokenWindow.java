package dev.engram.embedding.local;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Counts a text's tokens with the model's own tokenizer and cuts texts that exceed the window.
 *
 * <p>Truncation rule: keep the longest prefix made of whole words whose word pieces fit in {@code maxTokens}; the cut
 * falls at the end of the last whole word that fits, so no word is split into a shorter one. A single word longer
 * than the whole window is cut after its {@code maxTokens}-th piece.
 */
final class TokenWindow {

    /** A text ready for the model. */
    record Fitted(String text, int tokens, boolean truncated) {
    }

    private final HuggingFaceTokenizer tokenizer;
    private final int maxTokens;

    TokenWindow(InputStream tokenizerJson, int maxTokens) {
        try (tokenizerJson) {
            // the model's tokenizer.json truncates at 128 by itself: switch that off to see the real length
            this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("padding", "false", "truncation", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.maxTokens = maxTokens;
    }

    Fitted fit(String text) {
        Encoding encoding = tokenizer.encode(text, false, false);
        String[] tokens = encoding.getTokens();
        if (tokens.length <= maxTokens) {
            return new Fitted(text, tokens.length, false);
        }
        int keep = maxTokens;
        while (keep > 0 && tokens[keep].startsWith("##")) {
            keep--; // token `keep` continues a word: drop that whole word
        }
        if (keep == 0) {
            keep = maxTokens;
        }
        CharSpan last = encoding.getCharTokenSpans()[keep - 1];
        // spans count Unicode code points, not UTF-16 chars
        int codePoints = Math.min(last.getEnd(), text.codePointCount(0, text.length()));
        return new Fitted(text.substring(0, text.offsetByCodePoints(0, codePoints)), keep, true);
    }
}
