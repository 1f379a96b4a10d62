package dev.engram.agent.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.llm.LlmMessage;
import dev.engram.agent.llm.ToolCall;
import dev.engram.agent.llm.ToolSpec;
import dev.engram.agent.memory.MemoryRecords.MessageData;
import dev.engram.agent.tool.SendMessage;
import dev.engram.agent.tool.ToolEntity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stored window as an LLM conversation. Tool calls and their results are always sent in pairs: a call whose
 * result was never recorded (a crash between the two) gets a result saying so, and a result without its call is left
 * out, so a broken pair can never make the provider refuse the agent's history.
 */
final class LlmMessages {

    static final String THINKING = "thinking";
    static final String HEARTBEAT = "request_heartbeat";
    static final String MISSING_RESULT = "{\"status\": \"Failed\", \"message\": \"The tool call was interrupted before its result was recorded.\"}";

    private LlmMessages() {
    }

    static List<LlmMessage> of(String system, List<MessageData> window, List<MessageData> pending, boolean memgpt) {
        List<MessageData> all = new ArrayList<>(window.subList(window.isEmpty() ? 0 : 1, window.size()));
        all.addAll(pending);
        List<LlmMessage> out = new ArrayList<>();
        out.add(new LlmMessage.System(system));
        for (int i = 0; i < all.size(); i++) {
            MessageData m = all.get(i);
            switch (m.role()) {
                case "assistant" -> i = turn(all, i, memgpt, out);
                case "approval" -> {
                    // a request for approval is the model's call; an answer is not shown to the model (its results are)
                    if (m.toolCalls() != null && !m.toolCalls().isEmpty()) {
                        i = turn(all, i, memgpt, out);
                    }
                }
                case "tool" -> {
                    // a result whose call is not in view is left out
                }
                default -> out.add(user(m));
            }
        }
        return out;
    }

    /**
     * The model's turn starting at {@code i}: its calls (with those of a request for approval made in the same answer)
     * and one result per call from the tool messages that follow, whatever answers for approval lie between them.
     * Answers the index of the turn's last message.
     */
    private static int turn(List<MessageData> all, int i, boolean memgpt, List<LlmMessage> out) {
        MessageData m = all.get(i);
        List<ToolCall> calls = new ArrayList<>(calls(m, memgpt));
        String text = memgpt && !calls.isEmpty() ? null : nullIfEmpty(Recompiler.text(m.content()));
        List<LlmMessage> results = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        int j = i + 1;
        for (; j < all.size(); j++) {
            MessageData next = all.get(j);
            if ("approval".equals(next.role())) {
                if (next.toolCalls() != null && !next.toolCalls().isEmpty()) {
                    calls.addAll(calls(next, memgpt));
                }
            } else if ("tool".equals(next.role())) {
                if (next.toolCallId() != null && answered.add(next.toolCallId())) {
                    results.add(new LlmMessage.ToolResult(next.toolCallId(), next.name(), Recompiler.text(next.content())));
                }
            } else {
                break;
            }
        }
        out.add(new LlmMessage.Assistant(text, null, calls));
        Set<String> ids = callIds(calls);
        for (LlmMessage r : results) {
            if (ids.contains(((LlmMessage.ToolResult) r).toolCallId())) {
                out.add(r);
            }
        }
        for (ToolCall c : calls) {
            if (!answered.contains(c.id())) {
                out.add(new LlmMessage.ToolResult(c.id(), c.name(), MISSING_RESULT));
            }
        }
        return j - 1;
    }

    private static Set<String> callIds(List<ToolCall> calls) {
        Set<String> ids = new HashSet<>();
        calls.forEach(c -> ids.add(c.id()));
        return ids;
    }

    private static LlmMessage user(MessageData m) {
        List<LlmMessage.Image> images = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        if (m.content() != null && m.content().isArray()) {
            for (JsonNode part : m.content()) {
                if ("image".equals(part.path("type").asText())) {
                    JsonNode source = part.path("source");
                    if ("url".equals(source.path("type").asText())) {
                        images.add(LlmMessage.Image.ofUrl(source.path("url").asText()));
                    } else if ("base64".equals(source.path("type").asText())) {
                        images.add(LlmMessage.Image.ofData(source.path("data").asText(), source.path("media_type").asText()));
                    }
                } else if (part.has("text")) {
                    text.append(part.path("text").asText());
                }
            }
        } else if (m.content() != null) {
            text.append(m.content().asText());
        }
        return new LlmMessage.User(text.toString(), images);
    }

    /** The stored calls; for memgpt agents the inner thoughts go back into the {@code thinking} argument. */
    private static List<ToolCall> calls(MessageData m, boolean memgpt) {
        List<ToolCall> calls = new ArrayList<>();
        if (m.toolCalls() == null) {
            return calls;
        }
        String thinking = memgpt ? Recompiler.text(m.content()) : null;
        for (JsonNode c : m.toolCalls()) {
            String args = c.path("function").path("arguments").asText("{}");
            if (thinking != null && !thinking.isEmpty()) {
                args = withThinking(args, thinking);
            }
            calls.add(new ToolCall(c.path("id").asText(), c.path("function").path("name").asText(), args));
        }
        return calls;
    }

    private static String withThinking(String arguments, String thinking) {
        try {
            JsonNode parsed = JsonText.MAPPER.readTree(arguments);
            if (!parsed.isObject()) {
                return arguments;
            }
            ObjectNode out = JsonText.MAPPER.createObjectNode();
            out.put(THINKING, thinking);
            out.setAll((ObjectNode) parsed);
            return out.toString();
        } catch (JsonProcessingException e) {
            return arguments;
        }
    }

    /** The agent's tools as the model sees them; memgpt agents get thinking and request_heartbeat arguments. */
    static List<ToolSpec> tools(List<ToolEntity> tools, boolean memgpt) {
        List<ToolSpec> specs = new ArrayList<>();
        for (ToolEntity t : tools) {
            JsonNode schema = t.jsonSchema;
            JsonNode params = schema.path("parameters");
            if (memgpt) {
                params = memgptParameters(params, !SendMessage.NAME.equals(t.name) && !"memory_finish_edits".equals(t.name));
            }
            specs.add(new ToolSpec(t.name, schema.path("description").asText(null), params.isMissingNode() ? null : params));
        }
        return specs;
    }

    /** Tools given as specifications (a request's client tools) with the memgpt arguments added. */
    static List<ToolSpec> memgptSpecs(List<ToolSpec> tools) {
        List<ToolSpec> out = new ArrayList<>();
        for (ToolSpec t : tools) {
            JsonNode params = t.parameters() == null ? JsonText.MAPPER.createObjectNode() : t.parameters();
            out.add(new ToolSpec(t.name(), t.description(), memgptParameters(params, true)));
        }
        return out;
    }

    private static JsonNode memgptParameters(JsonNode params, boolean heartbeat) {
        ObjectNode out = JsonText.MAPPER.createObjectNode().put("type", "object");
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        properties.put(THINKING, JsonText.MAPPER.createObjectNode().put("type", "string")
                .put("description", "Your private reasoning for this step; the user does not see it."));
        params.path("properties").fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue()));
        if (heartbeat) {
            properties.put(HEARTBEAT, JsonText.MAPPER.createObjectNode().put("type", "boolean")
                    .put("description", "Request an immediate heartbeat after function execution. Set to true to keep going after "
                            + "this call (another tool call or a message); false ends your turn after it."));
        }
        ObjectNode props = out.putObject("properties");
        properties.forEach(props::set);
        var required = out.putArray("required");
        required.add(THINKING);
        params.path("required").forEach(required::add);
        if (heartbeat) {
            required.add(HEARTBEAT);
        }
        return out;
    }

    private static String nullIfEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
