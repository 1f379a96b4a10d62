package dev.engram.bench.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.llm.ScriptedLlmServer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * How long the scripted LLM spent on each call, found again by the unique text of the user message that caused it
 * (the last user message of the call). The time runs from the moment the server got the call to its last byte sent.
 */
final class LlmClock implements Consumer<ScriptedLlmServer.Answered> {

    private final Map<String, Long> nanosByMessage = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> bodies = new ConcurrentHashMap<>();

    @Override
    public void accept(ScriptedLlmServer.Answered answered) {
        JsonNode messages = answered.body().path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asText())) {
                String text = userText(messages.get(i).path("content").asText());
                nanosByMessage.merge(text, answered.handlerNanos(), Long::sum);
                if (text.startsWith(PROBE)) {
                    bodies.putIfAbsent(text, answered.body());
                }
                return;
            }
        }
    }

    /** A memgpt agent's user message is packed in JSON ({"type": "user_message", "message": ...}): its text. */
    private static String userText(String content) {
        if (content.startsWith("{")) {
            try {
                JsonNode packed = Api.JSON.readTree(content);
                if (packed.hasNonNull("message")) {
                    return packed.get("message").asText();
                }
            } catch (java.io.IOException notJson) {
                // plain text that starts with a brace
            }
        }
        return content;
    }

    /** Messages starting with this keep the whole call the LLM got: the context as Engram sends it. */
    static final String PROBE = "context probe";

    /** The first call caused by {@code message} (which starts with {@link #PROBE}), as the LLM received it. */
    JsonNode body(String message) {
        return bodies.get(message);
    }

    /**
     * The LLM time of the run started by {@code message}. The server reports a call just after its last byte, so the
     * figure may land a moment after agent-service has answered: wait for it briefly.
     */
    long take(String message) throws InterruptedException {
        for (int i = 0; i < 2000; i++) {
            Long nanos = nanosByMessage.remove(message);
            if (nanos != null) {
                return nanos;
            }
            Thread.sleep(0, 500_000);
        }
        throw new IllegalStateException("the scripted LLM never saw " + message);
    }
}
