package dev.engram.bench.locomo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a LoCoMo turn becomes an archival passage (the insert request's body). */
final class TurnPassages {

    static final String EMBEDDING_HANDLE = "local/all-minilm-l6-v2-q";
    /** Turns on each side given as index context (system property engram.bench.context-window, default 2). */
    static final int CONTEXT_WINDOW = Integer.getInteger("engram.bench.context-window", 2);

    private TurnPassages() {
    }

    /**
     * "[1:56 pm on 8 May, 2023] Caroline: text [shares image: caption]": the session date first (an agent reading the
     * passage needs it, and temporal questions are answered from it), the speaker, the turn, and the caption of a
     * shared image (the model behind a LoCoMo agent could not see the image either).
     */
    static String text(LoCoMo.Turn t) {
        StringBuilder s = new StringBuilder().append('[').append(t.sessionDate()).append("] ")
                .append(t.speaker()).append(": ").append(t.text());
        if (t.caption() != null && !t.caption().isBlank()) {
            s.append(" [shares image: ").append(t.caption()).append(']');
        }
        return s.toString();
    }

    /** The turns before and after {@code i} in the same session, {@code window} on each side, as "Speaker: text". */
    static String neighbours(List<LoCoMo.Turn> turns, int i, int window) {
        StringBuilder s = new StringBuilder();
        for (int j = i - window; j <= i + window; j++) {
            if (j == i || j < 0 || j >= turns.size() || turns.get(j).session() != turns.get(i).session()) {
                continue;
            }
            LoCoMo.Turn t = turns.get(j);
            if (!s.isEmpty()) {
                s.append(' ');
            }
            s.append(t.speaker()).append(": ").append(t.text());
            if (t.caption() != null && !t.caption().isBlank()) {
                s.append(" [shares image: ").append(t.caption()).append(']');
            }
        }
        return s.toString();
    }

    /** The insert body: text, created_at = the session's time, and the agent's embedding model. */
    static Map<String, Object> body(List<LoCoMo.Turn> turns, int i, String handle) {
        LoCoMo.Turn t = turns.get(i);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", text(t));
        body.put("created_at", t.time().toString());
        body.put("embedding_handle", handle);
        return body;
    }

    /**
     * The same, with the turns just before and after it in the session as {@code index_context}: searched, never
     * shown, so an answer ("Yes, it was amazing!") is found by the question it answers.
     */
    static Map<String, Object> bodyWithContext(List<LoCoMo.Turn> turns, int i, String handle) {
        Map<String, Object> body = body(turns, i, handle);
        String context = neighbours(turns, i, CONTEXT_WINDOW);
        if (!context.isEmpty()) {
            body.put("index_context", context);
        }
        return body;
    }
}
