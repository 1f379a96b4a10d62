package dev.engram.agent.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.memory.MemoryRecords;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Stored messages as Letta's search list results ({@code SystemMessageListResult}, {@code UserMessageListResult},
 * {@code ReasoningMessageListResult}, {@code AssistantMessageListResult}): one per message, what a reader of the
 * conversation sees of it. Tool and approval messages, and assistant messages that only call tools, have none.
 */
final class MessageListResults {

    private static final String SEND_MESSAGE = "send_message";

    private MessageListResults() {
    }

    /** @param innerThoughtsAgents agents whose assistant text is inner thoughts (memgpt-style), not the reply */
    static List<ObjectNode> of(List<MemoryRecords.MessageSearchHit> hits, Set<String> innerThoughtsAgents) {
        List<ObjectNode> out = new ArrayList<>();
        for (MemoryRecords.MessageSearchHit hit : hits) {
            ObjectNode result = of(hit.message(), !innerThoughtsAgents.contains(hit.message().agentId()));
            if (result != null) {
                out.add(result);
            }
        }
        return out;
    }

    /** The list result of one message, or null when it has none. */
    static ObjectNode of(MemoryRecords.MessageData m, boolean textIsReply) {
        return switch (m.role()) {
            case "system" -> base(m, "system_message").put("content", join(m.content(), "text"));
            case "user", "summary" -> user(m);
            case "assistant" -> assistant(m, textIsReply);
            default -> null;
        };
    }

    private static ObjectNode user(MemoryRecords.MessageData m) {
        ObjectNode n = base(m, "user_message");
        JsonNode content = m.content();
        if (content != null && content.isArray() && content.size() == 1 && "text".equals(content.get(0).path("type").asText())) {
            n.put("content", unpack(content.get(0).path("text").asText()));
        } else if (content != null && content.isArray()) {
            n.set("content", content);
        } else {
            n.put("content", content == null ? "" : content.asText());
        }
        return n;
    }

    private static ObjectNode assistant(MemoryRecords.MessageData m, boolean textIsReply) {
        String reply = sentMessage(m.toolCalls());
        if (reply != null) {
            return base(m, "assistant_message").put("content", reply);
        }
        String text = join(m.content(), "text");
        if (!text.isEmpty()) {
            return textIsReply ? base(m, "assistant_message").put("content", text) : base(m, "reasoning_message").put("reasoning", text);
        }
        String reasoning = join(m.content(), "reasoning");
        return reasoning.isEmpty() ? null : base(m, "reasoning_message").put("reasoning", reasoning);
    }

    /** The text of the message's send_message call, if it makes one. */
    private static String sentMessage(JsonNode toolCalls) {
        if (toolCalls == null || !toolCalls.isArray()) {
            return null;
        }
        for (JsonNode call : toolCalls) {
            if (SEND_MESSAGE.equals(call.path("function").path("name").asText())) {
                try {
                    JsonNode args = JsonText.MAPPER.readTree(call.path("function").path("arguments").asText());
                    JsonNode message = args == null ? null : args.get("message");
                    if (message != null) {
                        return message.isTextual() ? message.asText() : message.toString();
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The parts of this type, their texts joined by spaces. */
    private static String join(JsonNode content, String type) {
        StringBuilder out = new StringBuilder();
        if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                if (type.equals(part.path("type").asText())) {
                    String t = part.path(type).asText("");
                    if (!t.isEmpty()) {
                        out.append(out.isEmpty() ? "" : " ").append(t);
                    }
                }
            }
        } else if (content != null && content.isTextual() && "text".equals(type)) {
            out.append(content.asText());
        }
        return out.toString();
    }

    /** A user message stored packed as {@code {"type":"user_message","message":...}} shows its inner text. */
    private static String unpack(String text) {
        if (!text.startsWith("{")) {
            return text;
        }
        try {
            JsonNode packed = JsonText.MAPPER.readTree(text);
            if (packed.isObject() && "user_message".equals(packed.path("type").asText()) && packed.has("message")) {
                return packed.get("message").asText();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // plain text that starts with a brace
        }
        return text;
    }

    private static ObjectNode base(MemoryRecords.MessageData m, String type) {
        ObjectNode n = JsonText.MAPPER.createObjectNode();
        n.put("message_type", type);
        n.put("message_id", m.id());
        n.put("agent_id", m.agentId());
        n.put("conversation_id", m.conversationId());
        n.put("created_at", m.createdAt() == null ? null : m.createdAt().toString());
        return n;
    }
}
