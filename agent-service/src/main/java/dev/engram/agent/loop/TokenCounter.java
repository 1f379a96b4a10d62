package dev.engram.agent.loop;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.engram.agent.llm.LlmMessage;
import dev.engram.agent.llm.ToolCall;
import dev.engram.agent.llm.ToolSpec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token estimates with the o200k/cl100k encodings (exact for OpenAI models, close for others), counted before a call:
 * a few tokens of framing per message, as the chat format adds them.
 * <p>
 * Every step counts the whole window again (system prompt, history, tool schemas) to decide whether to compact, and
 * byte-pair encoding is slow: it was a tenth of agent-service's CPU per step. Counts of longer texts and of tool
 * schemas are therefore remembered, keyed by a text's hash and length (a collision only skews an estimate), in maps
 * emptied when full. The hash is cheap: a string caches its own, and the window's texts are the same strings each step.
 */
public final class TokenCounter {

    private static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    private static final int PER_MESSAGE = 4;
    /** Shorter texts are counted each time: cheaper than a lookup is worth. */
    private static final int REMEMBER_FROM_CHARS = 64;
    private static final int MAX_REMEMBERED = 50_000;
    private static final Map<Long, Integer> TEXTS = new ConcurrentHashMap<>();
    private static final Map<ToolSpec, Integer> TOOLS = new ConcurrentHashMap<>();

    private TokenCounter() {
    }

    public static int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (text.length() < REMEMBER_FROM_CHARS) {
            return ENCODING.countTokensOrdinary(text);
        }
        long key = ((long) text.hashCode() << 32) | text.length();
        Integer known = TEXTS.get(key);
        if (known != null) {
            return known;
        }
        int tokens = ENCODING.countTokensOrdinary(text);
        remember(TEXTS, key, tokens);
        return tokens;
    }

    private static <K> void remember(Map<K, Integer> map, K key, int tokens) {
        if (map.size() >= MAX_REMEMBERED) {
            map.clear();
        }
        map.put(key, tokens);
    }

    public static int count(List<LlmMessage> messages, List<ToolSpec> tools) {
        int total = 3;
        for (LlmMessage m : messages) {
            total += PER_MESSAGE + switch (m) {
                case LlmMessage.System s -> count(s.text());
                case LlmMessage.User u -> count(u.text());
                case LlmMessage.Assistant a -> count(a.text()) + a.toolCalls().stream().mapToInt(TokenCounter::count).sum();
                case LlmMessage.ToolResult r -> count(r.content()) + count(r.toolCallId());
            };
        }
        for (ToolSpec t : tools) {
            total += count(t);
        }
        return total;
    }

    /** A tool schema's tokens; remembered per schema (a record: equal schemas share the count). */
    public static int count(ToolSpec t) {
        Integer known = TOOLS.get(t);
        if (known != null) {
            return known;
        }
        int tokens = 8 + count(t.name()) + count(t.description()) + (t.parameters() == null ? 0 : count(t.parameters().toString()));
        remember(TOOLS, t, tokens);
        return tokens;
    }

    private static int count(ToolCall call) {
        return 4 + count(call.name()) + count(call.arguments());
    }
}
