package dev.engram.bench.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Tokens of a chat-completions call as the LLM receives it, with gpt-4o's encoding (o200k) and OpenAI's framing: 3
 * tokens per call, 4 per message, and a tool schema counted as its name, description and parameters JSON plus 8.
 */
final class ContextTokens {

    private static final Encoding O200K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    /** Tokens of the system message, of the other messages, of the tool schemas, their count, and the total. */
    record Count(int system, int messages, int tools, int toolCount, int total) {
    }

    private ContextTokens() {
    }

    static Count of(JsonNode call) {
        int system = 0;
        int messages = 0;
        for (JsonNode m : call.path("messages")) {
            int n = 4 + tokens(m.path("content").isTextual() ? m.path("content").asText() : m.path("content").toString());
            for (JsonNode c : m.path("tool_calls")) {
                n += 4 + tokens(c.path("function").path("name").asText()) + tokens(c.path("function").path("arguments").asText());
            }
            if ("system".equals(m.path("role").asText())) {
                system += n;
            } else {
                messages += n;
            }
        }
        int tools = 0;
        for (JsonNode t : call.path("tools")) {
            JsonNode f = t.path("function");
            tools += 8 + tokens(f.path("name").asText()) + tokens(f.path("description").asText())
                    + (f.has("parameters") ? tokens(f.get("parameters").toString()) : 0);
        }
        return new Count(system, messages, tools, call.path("tools").size(), 3 + system + messages + tools);
    }

    private static int tokens(String text) {
        return text == null || text.isEmpty() ? 0 : O200K.countTokensOrdinary(text);
    }
}
