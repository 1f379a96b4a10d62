package dev.engram.agent.support.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * A scripted Anthropic server: {@code POST /v1/messages} (JSON, or Anthropic's event stream when the request says
 * {@code "stream": true}) with thinking, text and tool_use blocks, and {@code GET /v1/models}. A reply's reasoning
 * becomes a thinking block, its cached tokens {@code cache_read_input_tokens} (counted apart from input_tokens, as
 * Anthropic does).
 */
public final class ScriptedAnthropicServer extends ScriptedLlmServer<ScriptedAnthropicServer> {

    public ScriptedAnthropicServer() {
        super("/v1/messages", List.of("claude-sonnet-4-5", "claude-haiku-4-5"));
    }

    @Override
    protected boolean hasKey(HttpExchange exchange, String key) {
        return key.equals(exchange.getRequestHeaders().getFirst("x-api-key"));
    }

    @Override
    protected ObjectNode errorBody(String type, String code, String message) {
        ObjectNode body = JSON.createObjectNode().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        return body;
    }

    @Override
    protected JsonNode modelList(List<String> ids) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode data = body.putArray("data");
        ids.forEach(id -> data.addObject().put("type", "model").put("id", id).put("display_name", "Scripted " + id)
                .put("created_at", "2025-01-01T00:00:00Z"));
        body.put("has_more", false);
        body.put("first_id", ids.isEmpty() ? null : ids.getFirst());
        body.put("last_id", ids.isEmpty() ? null : ids.getLast());
        return body;
    }

    @Override
    protected void answer(HttpExchange exchange, JsonNode request, ScriptedReply reply, boolean stream) throws IOException {
        String id = "msg_scripted_" + nextId();
        String model = request.path("model").asText("scripted");
        if (stream) {
            stream(exchange, request, reply, id, model);
            return;
        }
        ObjectNode body = message(id, model);
        ArrayNode content = body.putArray("content");
        if (!reply.noContent()) {
            if (reply.reasoning() != null) {
                content.addObject().put("type", "thinking").put("thinking", reply.reasoning()).put("signature", "scripted");
            }
            if (reply.text() != null) {
                content.addObject().put("type", "text").put("text", reply.text());
            }
            for (ScriptedReply.ToolCall call : reply.toolCalls()) {
                content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
                        .set("input", JSON.readTree(call.arguments()));
            }
        }
        body.put("stop_reason", stopReason(reply));
        body.set("usage", usage(request, reply, completionTokens(reply)));
        sendJson(exchange, 200, body);
    }

    private void stream(HttpExchange exchange, JsonNode request, ScriptedReply reply, String id, String model)
            throws IOException {
        OutputStream out = openStream(exchange);
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode message = message(id, model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.set("usage", usage(request, reply, 1));
        start.set("message", message);
        event(out, "message_start", start.toString());
        int index = 0;
        if (!reply.noContent()) {
            if (reply.reasoning() != null) {
                block(out, index, JSON.createObjectNode().put("type", "thinking").put("thinking", ""));
                for (String piece : pieces(reply.reasoning())) {
                    delta(out, index, JSON.createObjectNode().put("type", "thinking_delta").put("thinking", piece));
                }
                delta(out, index, JSON.createObjectNode().put("type", "signature_delta").put("signature", "scripted"));
                stop(out, index++);
            }
            if (reply.text() != null) {
                block(out, index, JSON.createObjectNode().put("type", "text").put("text", ""));
                for (String piece : pieces(reply.text())) {
                    delta(out, index, JSON.createObjectNode().put("type", "text_delta").put("text", piece));
                }
                stop(out, index++);
            }
            for (ScriptedReply.ToolCall call : reply.toolCalls()) {
                ObjectNode block = JSON.createObjectNode().put("type", "tool_use").put("id", call.id()).put("name", call.name());
                block.putObject("input");
                block(out, index, block);
                for (String fragment : fragments(call.arguments())) {
                    delta(out, index, JSON.createObjectNode().put("type", "input_json_delta").put("partial_json", fragment));
                }
                stop(out, index++);
            }
        }
        ObjectNode end = JSON.createObjectNode().put("type", "message_delta");
        end.putObject("delta").put("stop_reason", stopReason(reply)).putNull("stop_sequence");
        end.putObject("usage").put("output_tokens", completionTokens(reply));
        event(out, "message_delta", end.toString());
        event(out, "message_stop", JSON.createObjectNode().put("type", "message_stop").toString());
    }

    private static void block(OutputStream out, int index, ObjectNode block) throws IOException {
        ObjectNode event = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
        event.set("content_block", block);
        event(out, "content_block_start", event.toString());
    }

    private static void delta(OutputStream out, int index, ObjectNode delta) throws IOException {
        ObjectNode event = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
        event.set("delta", delta);
        event(out, "content_block_delta", event.toString());
    }

    private static void stop(OutputStream out, int index) throws IOException {
        event(out, "content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", index).toString());
    }

    private static ObjectNode message(String id, String model) {
        return JSON.createObjectNode().put("id", id).put("type", "message").put("role", "assistant").put("model", model)
                .putNull("stop_sequence");
    }

    private static String stopReason(ScriptedReply reply) {
        if (reply.finishReason() != null) {
            return reply.finishReason();
        }
        return reply.toolCalls().isEmpty() ? "end_turn" : "tool_use";
    }

    private static int completionTokens(ScriptedReply reply) {
        if (reply.completionTokens() != null) {
            return reply.completionTokens();
        }
        StringBuilder out = new StringBuilder(reply.text() == null ? "" : reply.text());
        reply.toolCalls().forEach(c -> out.append(c.name()).append(c.arguments()));
        return estimateTokens(out.toString());
    }

    /** Anthropic reports cache reads apart: input_tokens is what was neither read from nor written to the cache. */
    private static ObjectNode usage(JsonNode request, ScriptedReply reply, int outputTokens) {
        int prompt = reply.promptTokens() != null ? reply.promptTokens()
                : estimateTokens(request.path("messages").toString() + request.path("system"));
        int cached = reply.cachedTokens() == null ? 0 : reply.cachedTokens();
        return JSON.createObjectNode()
                .put("input_tokens", prompt - cached)
                .put("output_tokens", outputTokens)
                .put("cache_read_input_tokens", cached)
                .put("cache_creation_input_tokens", 0);
    }
}
