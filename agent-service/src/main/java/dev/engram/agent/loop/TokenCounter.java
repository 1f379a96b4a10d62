package dev.engram.agent.loop;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.engram.agent.llm.LlmMessage;
import dev.engram.agent.llm.ToolCall;
import dev.engram.agent.llm.ToolSpec;

import java.util.List;

/**
 * Token estimates with the o200k/cl100k encodings (exact for OpenAI models, close for others), counted before a call:
 * a few tokens of framing per message, as the chat format adds them.
 */
public final class TokenCounter {

    private static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    private static final int PER_MESSAGE = 4;

    private TokenCounter() {
    }

    public static int count(String text) {
        return text == null || text.isEmpty() ? 0 : ENCODING.countTokensOrdinary(text);
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
            total += 8 + count(t.name()) + count(t.description()) + (t.parameters() == null ? 0 : count(t.parameters().toString()));
        }
        return total;
    }

    private static int count(ToolCall call) {
        return 4 + count(call.name()) + count(call.arguments());
    }
}
