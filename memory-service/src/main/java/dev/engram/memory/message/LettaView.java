package dev.engram.memory.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stored messages as Letta's LettaMessage union: one stored message may become several Letta messages sharing its id
 * (reasoning, then tool call, ...), each with an otid derived from the id and its position.
 */
public final class LettaView {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    private LettaView() {
    }

    public static List<ObjectNode> of(List<MessageData> messages, ViewOptions options) {
        return of(messages, options, Set.of());
    }

    /**
     * @param innerThoughtsAgents agents whose assistant text is inner thoughts whatever {@code options} say (memgpt-style
     *                            agents, in listings that span agents)
     */
    public static List<ObjectNode> of(List<MessageData> messages, ViewOptions options, Set<String> innerThoughtsAgents) {
        Set<String> hidden = options.useAssistantMessage() ? hiddenReturns(messages, options.assistantToolName()) : Set.of();
        List<ObjectNode> out = new ArrayList<>();
        for (MessageData m : messages) {
            if (hidden.contains(m.id())) {
                continue;
            }
            boolean textIsAssistant = options.textIsAssistantMessage() && !innerThoughtsAgents.contains(m.agentId());
            List<ObjectNode> converted = convert(m, options, textIsAssistant);
            if (options.reverse()) {
                java.util.Collections.reverse(converted);
            }
            for (ObjectNode node : converted) {
                if (options.includeTypes() == null || options.includeTypes().contains(node.path("message_type").asText())) {
                    out.add(node);
                }
            }
        }
        return out;
    }

    /** Tool messages answering a call of the assistant tool: the reply already shows as assistant_message. */
    private static Set<String> hiddenReturns(List<MessageData> messages, String assistantTool) {
        Set<String> callIds = new HashSet<>();
        for (MessageData m : messages) {
            if ("assistant".equals(m.role()) && m.toolCalls() != null) {
                boolean hasAssistantTool = false;
                for (JsonNode call : m.toolCalls()) {
                    hasAssistantTool |= assistantTool.equals(call.path("function").path("name").asText());
                }
                if (hasAssistantTool) {
                    m.toolCalls().forEach(call -> callIds.add(call.path("id").asText()));
                }
            }
        }
        Set<String> hidden = new HashSet<>();
        for (MessageData m : messages) {
            if ("tool".equals(m.role()) && m.toolCallId() != null && callIds.contains(m.toolCallId())) {
                hidden.add(m.id());
            }
        }
        return hidden;
    }

    static List<ObjectNode> convert(MessageData m, ViewOptions o, boolean textIsAssistant) {
        List<ObjectNode> out = new ArrayList<>();
        switch (m.role()) {
            case "assistant" -> {
                reasoning(m, textIsAssistant, out);
                if (m.toolCalls() != null && !m.toolCalls().isEmpty()) {
                    toolCalls(m, o, out);
                }
            }
            case "tool" -> out.add(toolReturn(m));
            case "user" -> out.add(user(m, "user_message"));
            case "system" -> {
                ObjectNode n = base(m, "system_message", m.otid());
                n.put("content", firstText(m));
                out.add(n);
            }
            case "summary" -> out.add(user(m, "user_message"));
            case "approval" -> {
                reasoning(m, textIsAssistant, out);
                if (m.toolCalls() != null && !m.toolCalls().isEmpty()) {
                    ObjectNode n = base(m, "approval_request_message", m.otid());
                    ArrayNode calls = calls(m.toolCalls());
                    n.set("tool_call", calls.get(0));
                    n.set("tool_calls", calls);
                    out.add(n);
                } else {
                    ObjectNode n = base(m, "approval_response_message", m.otid());
                    n.set("approvals", m.approvals() == null ? JSON.arrayNode() : m.approvals());
                    JsonNode first = m.approvals() != null && m.approvals().size() > 0 ? m.approvals().get(0) : JSON.objectNode();
                    n.set("approve", first.path("approve").isMissingNode() ? JSON.nullNode() : first.get("approve"));
                    n.set("approval_request_id", first.path("tool_call_id").isMissingNode() ? JSON.nullNode() : first.get("tool_call_id"));
                    n.set("reason", first.path("reason").isMissingNode() ? JSON.nullNode() : first.get("reason"));
                    out.add(n);
                }
            }
            default -> {
                // unknown roles are not shown
            }
        }
        return out;
    }

    private static void reasoning(MessageData m, boolean textIsAssistant, List<ObjectNode> out) {
        if (m.content() == null || !m.content().isArray()) {
            return;
        }
        for (JsonNode part : m.content()) {
            String type = part.path("type").asText();
            ObjectNode last = out.isEmpty() ? null : out.getLast();
            switch (type) {
                case "text" -> {
                    if (textIsAssistant) {
                        if (last != null && "assistant_message".equals(last.path("message_type").asText())) {
                            last.put("content", last.path("content").asText() + part.path("text").asText());
                        } else {
                            ObjectNode n = base(m, "assistant_message", otid(m.id(), out.size()));
                            n.put("content", part.path("text").asText());
                            out.add(n);
                        }
                    } else {
                        ObjectNode n = base(m, "reasoning_message", otid(m.id(), out.size()));
                        n.put("source", "non_reasoner_model");
                        n.put("reasoning", part.path("text").asText());
                        n.putNull("signature");
                        out.add(n);
                    }
                }
                case "reasoning" -> {
                    if (last != null && "reasoning_message".equals(last.path("message_type").asText())
                            && "reasoner_model".equals(last.path("source").asText())) {
                        last.put("reasoning", last.path("reasoning").asText() + part.path("reasoning").asText());
                    } else {
                        ObjectNode n = base(m, "reasoning_message", otid(m.id(), out.size()));
                        n.put("source", "reasoner_model");
                        n.put("reasoning", part.path("reasoning").asText());
                        n.set("signature", part.path("signature").isMissingNode() ? JSON.nullNode() : part.get("signature"));
                        out.add(n);
                    }
                }
                case "redacted_reasoning", "omitted_reasoning" -> {
                    ObjectNode n = base(m, "hidden_reasoning_message", otid(m.id(), out.size()));
                    boolean redacted = type.equals("redacted_reasoning");
                    n.put("state", redacted ? "redacted" : "omitted");
                    n.set("hidden_reasoning", redacted ? part.path("data") : JSON.nullNode());
                    out.add(n);
                }
                default -> {
                    // images or tool-call parts in assistant content are not shown as messages
                }
            }
        }
    }

    private static void toolCalls(MessageData m, ViewOptions o, List<ObjectNode> out) {
        if (!o.useAssistantMessage()) {
            out.add(toolCallMessage(m, calls(m.toolCalls()), out.size()));
            return;
        }
        ArrayNode pending = JSON.arrayNode();
        for (JsonNode call : m.toolCalls()) {
            String name = call.path("function").path("name").asText();
            if (name.equals(o.assistantToolName())) {
                if (!pending.isEmpty()) {
                    out.add(toolCallMessage(m, pending, out.size()));
                    pending = JSON.arrayNode();
                }
                JsonNode args = parse(call.path("function").path("arguments").asText());
                if (args == null || !args.has(o.assistantToolKwarg())) {
                    continue;
                }
                JsonNode text = args.get(o.assistantToolKwarg());
                ObjectNode n = base(m, "assistant_message", otid(m.id(), out.size()));
                n.put("content", text.isTextual() ? text.asText() : text.toString());
                out.add(n);
            } else {
                pending.add(call(call));
            }
        }
        if (!pending.isEmpty()) {
            out.add(toolCallMessage(m, pending, out.size()));
        }
    }

    private static ObjectNode toolCallMessage(MessageData m, ArrayNode calls, int index) {
        ObjectNode n = base(m, "tool_call_message", otid(m.id(), index));
        n.set("tool_call", calls.get(0));
        n.set("tool_calls", calls);
        return n;
    }

    private static ArrayNode calls(JsonNode toolCalls) {
        ArrayNode calls = JSON.arrayNode();
        toolCalls.forEach(c -> calls.add(call(c)));
        return calls;
    }

    private static ObjectNode call(JsonNode c) {
        ObjectNode call = JSON.objectNode();
        call.put("name", c.path("function").path("name").asText());
        call.put("arguments", c.path("function").path("arguments").asText());
        call.put("tool_call_id", c.path("id").asText());
        return call;
    }

    private static ObjectNode toolReturn(MessageData m) {
        ObjectNode n = base(m, "tool_return_message", otid(m.id(), 0));
        ArrayNode returns = JSON.arrayNode();
        if (m.toolReturns() != null && !m.toolReturns().isEmpty()) {
            for (JsonNode r : m.toolReturns()) {
                returns.add(returnOf(r.path("tool_call_id").isMissingNode() || r.path("tool_call_id").isNull()
                                ? m.toolCallId() : r.path("tool_call_id").asText(),
                        r.path("func_response"), r.path("status").asText(null), r.path("stdout"), r.path("stderr")));
            }
        } else {
            returns.add(returnOf(m.toolCallId(), JSON.textNode(firstText(m)), null, JSON.nullNode(), JSON.nullNode()));
        }
        JsonNode first = returns.get(0);
        n.set("tool_return", first.get("tool_return"));
        n.set("status", first.get("status"));
        n.set("tool_call_id", first.get("tool_call_id"));
        n.set("stdout", first.get("stdout"));
        n.set("stderr", first.get("stderr"));
        n.set("tool_returns", returns);
        return n;
    }

    /** Unpacks {@code {"status":"OK"|"Failed","message":...,"time":...}} into Letta's tool return. */
    private static ObjectNode returnOf(String toolCallId, JsonNode funcResponse, String storedStatus, JsonNode stdout, JsonNode stderr) {
        String raw = funcResponse.isTextual() ? funcResponse.asText() : funcResponse.toString();
        JsonNode packaged = parse(raw);
        String message = raw;
        String status = storedStatus;
        if (packaged != null && packaged.isObject()) {
            JsonNode msg = packaged.get("message");
            if (msg != null) {
                message = msg.isTextual() ? msg.asText() : msg.toString();
            }
            if (packaged.has("status")) {
                status = "Failed".equals(packaged.get("status").asText()) ? "error" : "success";
            }
        }
        ObjectNode r = JSON.objectNode();
        r.put("type", "tool");
        r.put("tool_return", message);
        r.put("status", status == null ? "success" : status);
        r.put("tool_call_id", toolCallId);
        r.set("stdout", stdout == null || stdout.isMissingNode() ? JSON.nullNode() : stdout);
        r.set("stderr", stderr == null || stderr.isMissingNode() ? JSON.nullNode() : stderr);
        return r;
    }

    private static ObjectNode user(MessageData m, String type) {
        ObjectNode n = base(m, type, m.otid());
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

    /** A user message stored packed as {@code {"type":"user_message","message":...}} shows its inner text. */
    static String unpack(String text) {
        JsonNode packed = text.startsWith("{") ? parse(text) : null;
        if (packed != null && packed.isObject() && "user_message".equals(packed.path("type").asText()) && packed.has("message")) {
            return packed.get("message").asText();
        }
        return text;
    }

    private static ObjectNode base(MessageData m, String type, String otid) {
        ObjectNode n = JSON.objectNode();
        n.put("id", m.id());
        n.put("date", date(m.createdAt()));
        n.put("name", m.name());
        n.put("message_type", type);
        n.put("otid", otid);
        n.put("sender_id", m.senderId());
        n.put("step_id", m.stepId());
        if (m.isErr() != null) {
            n.put("is_err", m.isErr());
        } else {
            n.putNull("is_err");
        }
        n.putNull("seq_id");
        n.put("run_id", m.runId());
        return n;
    }

    public static String date(Instant instant) {
        return instant == null ? null : DATE.format(instant);
    }

    private static String firstText(MessageData m) {
        if (m.content() != null && m.content().isArray()) {
            for (JsonNode part : m.content()) {
                if ("text".equals(part.path("type").asText())) {
                    return part.path("text").asText();
                }
            }
        }
        return m.content() != null && m.content().isTextual() ? m.content().asText() : "";
    }

    /** Letta's derived otid: the message UUID with its lowest 7 bits replaced by the sub-message index. */
    public static String otid(String messageId, int index) {
        String hex = messageId.substring(messageId.indexOf('-') + 1).replace("-", "");
        BigInteger value = new BigInteger(hex, 16).andNot(BigInteger.valueOf(0x7F)).or(BigInteger.valueOf(index & 0x7F));
        String h = String.format("%032x", value);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20);
    }

    /** One argument of a tool call's JSON arguments, as text; null when absent or unparsable. */
    static String argument(String arguments, String name) {
        JsonNode args = parse(arguments);
        if (args == null || !args.has(name)) {
            return null;
        }
        JsonNode v = args.get(name);
        return v.isTextual() ? v.asText() : v.toString();
    }

    private static JsonNode parse(String text) {
        try {
            return text == null ? null : MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
