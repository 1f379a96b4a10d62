package dev.engram.agent.folder;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a file's text into the chunks that are embedded and searched: consecutive lines up to a size (about
 * {@code embedding_chunk_size} tokens at four characters a token), a line longer than that split on its own.
 */
public final class Chunker {

    /** Letta's default embedding_chunk_size, in tokens. */
    public static final int DEFAULT_CHUNK_TOKENS = 300;
    private static final int CHARS_PER_TOKEN = 4;

    private Chunker() {
    }

    public static List<String> chunks(String text, Integer chunkTokens) {
        int max = Math.max(200, (chunkTokens == null || chunkTokens < 1 ? DEFAULT_CHUNK_TOKENS : chunkTokens) * CHARS_PER_TOKEN);
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\\R", -1)) {
            String l = line.stripTrailing();
            while (l.length() > max) {
                flush(out, current);
                out.add(l.substring(0, max));
                l = l.substring(max);
            }
            if (current.length() > 0 && current.length() + 1 + l.length() > max) {
                flush(out, current);
            }
            if (current.length() > 0) {
                current.append('\n');
            }
            current.append(l);
        }
        flush(out, current);
        return out;
    }

    private static void flush(List<String> out, StringBuilder current) {
        String chunk = current.toString().strip();
        if (!chunk.isEmpty()) {
            out.add(chunk);
        }
        current.setLength(0);
    }
}
