package dev.engram.agent.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request and an answer in OpenAI's chat-completions shapes: what a preview of a step shows as the model request
 * (Letta's preview-raw-payload), and what a step's provider trace keeps. The providers' own clients build their wire
 * requests themselves; this mirrors them.
 */
public final class OpenAiPayload {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OpenAiPayload() {
    }

    public static ObjectNode of(LlmRequest r) {
        ObjectNode out = JSON.objectNode();
        out.put("model", r.model());
        ArrayNode messages = out.putArray("messages");
        for (LlmMessage m : r.messages()) {
            ObjectNode o = messages.addObject();
            switch (m) {
                case LlmMessage.System s -> o.put("role", "system").put("content", s.text());
                case LlmMessage.User u -> {
                    o.put("role", "user");
                    if (u.images() == null || u.images().isEmpty()) {
                        o.put("content", u.text());
                    } else {
                        ArrayNode parts = o.putArray("content");
                        parts.addObject().put("type", "text").put("text", u.text());
                        for (LlmMessage.Image image : u.images()) {
                            String url = image.url() != null ? image.url() : "data:" + image.mediaType() + ";base64," + image.base64Data();
                            parts.addObject().put("type", "image_url").putObject("image_url").put("url", url);
                        }
                    }
                }
                case LlmMessage.Assistant a -> {
                    o.put("role", "assistant");
                    o.put("content", a.text());
                    if (a.toolCalls() != null && !a.toolCalls().isEmpty()) {
                        ArrayNode calls = o.putArray("tool_calls");
                        for (ToolCall c : a.toolCalls()) {
                            calls.addObject().put("id", c.id()).put("type", "function").putObject("function")
                                    .put("name", c.name()).put("arguments", c.arguments());
                        }
                    }
                }
                case LlmMessage.ToolResult t -> o.put("role", "tool").put("tool_call_id", t.toolCallId()).put("content", t.content());
            }
        }
        if (!r.tools().isEmpty()) {
            ArrayNode tools = out.putArray("tools");
            for (ToolSpec t : r.tools()) {
                ObjectNode f = tools.addObject().put("type", "function").putObject("function");
                f.put("name", t.name());
                f.put("description", t.description());
                if (t.parameters() != null) {
                    f.set("parameters", t.parameters());
                }
            }
            switch (r.toolChoice().mode()) {
                case AUTO -> out.put("tool_choice", "auto");
                case REQUIRED -> out.put("tool_choice", "required");
                case NONE -> out.put("tool_choice", "none");
                case TOOL -> out.putObject("tool_choice").put("type", "function").putObject("function").put("name", r.toolChoice().toolName());
            }
            if (r.parallelToolCalls() != null) {
                out.put("parallel_tool_calls", r.parallelToolCalls());
            }
        }
        if (r.temperature() != null) {
            out.put("temperature", r.temperature());
        }
        if (r.maxTokens() != null) {
            out.put("max_completion_tokens", r.maxTokens());
        }
        return out;
    }

    /** The answer as a chat completion: one choice with the text, reasoning and tool calls, the finish reason, the usage. */
    public static ObjectNode of(LlmResponse r) {
        ObjectNode out = JSON.objectNode();
        out.put("object", "chat.completion");
        out.put("model", r.model());
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", r.text());
        if (r.reasoning() != null) {
            message.put("reasoning_content", r.reasoning());
        }
        if (!r.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall c : r.toolCalls()) {
                calls.addObject().put("id", c.id()).put("type", "function").putObject("function")
                        .put("name", c.name()).put("arguments", c.arguments());
            }
        }
        choice.put("finish_reason", r.finishReason() == null ? null : switch (r.finishReason()) {
            case STOP -> "stop";
            case TOOL_CALLS -> "tool_calls";
            case LENGTH -> "length";
            case CONTENT_FILTER -> "content_filter";
            case OTHER -> "other";
        });
        LlmUsage u = r.usage();
        if (u != null) {
            ObjectNode usage = out.putObject("usage");
            usage.put("prompt_tokens", u.promptTokens());
            usage.put("completion_tokens", u.completionTokens());
            usage.put("total_tokens", u.totalTokens());
            if (u.cachedInputTokens() != null) {
                usage.putObject("prompt_tokens_details").put("cached_tokens", u.cachedInputTokens());
            }
            if (u.reasoningTokens() != null) {
                usage.putObject("completion_tokens_details").put("reasoning_tokens", u.reasoningTokens());
            }
        }
        return out;
    }

    /** A call that failed, as OpenAI's error body: the kind of failure as its type, and the message. */
    public static ObjectNode of(LlmException e) {
        ObjectNode out = JSON.objectNode();
        out.putObject("error").put("type", e.kind().name().toLowerCase(java.util.Locale.ROOT)).put("message", e.getMessage());
        return out;
    }
}
