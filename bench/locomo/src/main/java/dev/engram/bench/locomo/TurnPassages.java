package dev.engram.bench.locomo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a LoCoMo turn becomes an archival passage (the insert request's body). */
final class TurnPassages {

    static final String EMBEDDING_HANDLE = "local/all-minilm-l6-v2-q";

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

    /** The insert body: text, created_at = the session's time, and the agent's embedding model. */
    static Map<String, Object> body(List<LoCoMo.Turn> turns, int i, String handle) {
        LoCoMo.Turn t = turns.get(i);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", text(t));
        body.put("created_at", t.time().toString());
        body.put("embedding_handle", handle);
        return body;
    }
}
