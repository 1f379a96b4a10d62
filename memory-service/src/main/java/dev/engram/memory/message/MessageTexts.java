package dev.engram.memory.message;

import com.fasterxml.jackson.databind.JsonNode;

/** The searchable text of a message, as conversation_search sees it. */
final class MessageTexts {

    static final String SEND_MESSAGE = "send_message";

    private MessageTexts() {
    }

    /** Text parts and reasoning, joined by spaces; for tool messages the tool's response; plus send_message's text. */
    static String of(MessageData m) {
        StringBuilder out = new StringBuilder();
        if (m.content() != null && m.content().isArray()) {
            for (JsonNode part : m.content()) {
                String text = part.path("text").asText(part.path("reasoning").asText(""));
                append(out, text);
            }
        } else if (m.content() != null && m.content().isTextual()) {
            append(out, m.content().asText());
        }
        if (m.toolReturns() != null && m.toolReturns().isArray()) {
            for (JsonNode r : m.toolReturns()) {
                append(out, r.path("func_response").isTextual() ? r.path("func_response").asText() : r.path("func_response").toString());
            }
        }
        if (m.toolCalls() != null && m.toolCalls().isArray()) {
            for (JsonNode call : m.toolCalls()) {
                if (SEND_MESSAGE.equals(call.path("function").path("name").asText())) {
                    append(out, LettaView.argument(call.path("function").path("arguments").asText(), "message"));
                }
            }
        }
        String text = out.toString().replace("\u0000", "");
        return "user".equals(m.role()) && isHeartbeat(text) ? "" : text;
    }

    /** Heartbeats are the loop talking to itself: never search results. */
    static boolean isHeartbeat(String text) {
        return text.startsWith("{") && text.contains("\"heartbeat\"") && text.matches("(?s)\\{\\s*\"type\"\\s*:\\s*\"heartbeat\".*");
    }

    private static void append(StringBuilder out, String text) {
        if (text != null && !text.isEmpty()) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(text);
        }
    }
}
