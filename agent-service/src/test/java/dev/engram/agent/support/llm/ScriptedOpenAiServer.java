package dev.engram.agent.support.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted OpenAI-compatible server: {@code POST /v1/chat/completions} (JSON, or server-sent events framed as
 * OpenAI frames them when the request says {@code "stream": true}), {@code POST /v1/embeddings} (deterministic
 * vectors, see {@link HashedEmbeddings}) and {@code GET /v1/models}. The only stand-in for a paid LLM: clients under
 * test use their real OpenAI code path against it.
 */
public final class ScriptedOpenAiServer extends ScriptedLlmServer<ScriptedOpenAiServer> {

    private final AtomicInteger embeddingCalls = new AtomicInteger();
    private volatile CountDownLatch embeddingHold;

    public ScriptedOpenAiServer() {
        super("/v1/chat/completions", List.of("gpt-4o-mini", "gpt-4o"));
        route("/v1/embeddings", this::embeddings);
    }

    /** How many {@code POST /v1/embeddings} calls arrived (they are not model calls: {@link #requests()} skips them). */
    public int embeddingCalls() {
        return embeddingCalls.get();
    }

    /**
     * Keeps every embeddings request that arrives from now on open, before any byte of the answer, until
     * {@code latch} is counted down (at most two minutes); {@code null} answers at once again.
     */
    public ScriptedOpenAiServer holdEmbeddings(CountDownLatch latch) {
        embeddingHold = latch;
        return this;
    }

    /**
     * OpenAI's embeddings answer: one vector per input, {@code dimensions} long when asked (else 1536, the size of
     * text-embedding-3-small), as floats or as base64 little-endian float32 when {@code encoding_format} says so.
     */
    private void embeddings(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            CountDownLatch hold = embeddingHold;
            embeddingCalls.incrementAndGet();
            if (hold != null) {
                awaitRelease(hold);
            }
            JsonNode input = request.path("input");
            List<String> texts = new ArrayList<>();
            if (input.isArray()) {
                input.forEach(t -> texts.add(t.asText()));
            } else {
                texts.add(input.asText());
            }
            int dimensions = request.path("dimensions").asInt(HashedEmbeddings.DEFAULT_DIMENSIONS);
            boolean base64 = "base64".equals(request.path("encoding_format").asText(null));
            ObjectNode body = JSON.createObjectNode().put("object", "list");
            ArrayNode data = body.putArray("data");
            int tokens = 0;
            for (int i = 0; i < texts.size(); i++) {
                float[] vector = HashedEmbeddings.embed(texts.get(i), dimensions);
                ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
                if (base64) {
                    item.put("embedding", HashedEmbeddings.base64(vector));
                } else {
                    ArrayNode values = item.putArray("embedding");
                    for (float v : vector) {
                        values.add(v);
                    }
                }
                tokens += estimateTokens(texts.get(i));
            }
            body.put("model", request.path("model").asText("text-embedding-3-small"));
            body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
            sendJson(exchange, 200, body);
        }
    }

    private static void awaitRelease(CountDownLatch hold) {
        try {
            hold.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected boolean hasKey(HttpExchange exchange, String key) {
        return ("Bearer " + key).equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    @Override
    protected ObjectNode errorBody(String type, String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", type).putNull("param").put("code", code);
        return body;
    }

    @Override
    protected JsonNode modelList(List<String> ids) {
        ObjectNode body = JSON.createObjectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        ids.forEach(id -> data.addObject().put("id", id).put("object", "model").put("created", 1_700_000_000L)
                .put("owned_by", "scripted"));
        return body;
    }

    @Override
    protected void answer(HttpExchange exchange, JsonNode request, ScriptedReply reply, boolean stream) throws IOException {
        String id = "chatcmpl-scripted-" + nextId();
        String model = request.path("model").asText("scripted");
        if (stream) {
            stream(exchange, request, reply, id, model);
            return;
        }
        ObjectNode body = envelope(id, model, "chat.completion");
        ArrayNode choices = body.putArray("choices");
        if (!reply.noContent()) {
            ObjectNode choice = choices.addObject().put("index", 0);
            ObjectNode message = choice.putObject("message").put("role", "assistant");
            message.put("content", reply.text());
            if (reply.reasoning() != null) {
                message.put("reasoning_content", reply.reasoning());
            }
            if (!reply.toolCalls().isEmpty()) {
                ArrayNode calls = message.putArray("tool_calls");
                for (ScriptedReply.ToolCall call : reply.toolCalls()) {
                    ObjectNode c = calls.addObject().put("id", call.id()).put("type", "function");
                    c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
                }
            }
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReason(reply));
        }
        body.set("usage", usage(request, reply));
        sendJson(exchange, 200, body);
    }

    private void stream(HttpExchange exchange, JsonNode request, ScriptedReply reply, String id, String model)
            throws IOException {
        OutputStream out = openStream(exchange);
        if (!reply.noContent()) {
            event(out, null, chunk(id, model, delta().put("role", "assistant").put("content", "")).toString());
            if (reply.reasoning() != null) {
                for (String piece : pieces(reply.reasoning())) {
                    event(out, null, chunk(id, model, delta().put("reasoning_content", piece)).toString());
                }
            }
            if (reply.text() != null) {
                for (String piece : pieces(reply.text())) {
                    event(out, null, chunk(id, model, delta().put("content", piece)).toString());
                }
            }
            for (int i = 0; i < reply.toolCalls().size(); i++) {
                ScriptedReply.ToolCall call = reply.toolCalls().get(i);
                // the first delta of a call carries its id and name, the following ones only argument pieces
                ObjectNode first = delta();
                ObjectNode head = first.putArray("tool_calls").addObject().put("index", i).put("id", call.id())
                        .put("type", "function");
                head.putObject("function").put("name", call.name()).put("arguments", "");
                event(out, null, chunk(id, model, first).toString());
                for (String fragment : fragments(call.arguments())) {
                    ObjectNode next = delta();
                    next.putArray("tool_calls").addObject().put("index", i)
                            .putObject("function").put("arguments", fragment);
                    event(out, null, chunk(id, model, next).toString());
                }
            }
            ObjectNode last = chunk(id, model, delta());
            ((ObjectNode) last.get("choices").get(0)).put("finish_reason", finishReason(reply));
            event(out, null, last.toString());
        }
        if (request.path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode usage = envelope(id, model, "chat.completion.chunk");
            usage.putArray("choices");
            usage.set("usage", usage(request, reply));
            event(out, null, usage.toString());
        }
        event(out, null, "[DONE]");
    }

    private ObjectNode chunk(String id, String model, ObjectNode delta) {
        ObjectNode chunk = envelope(id, model, "chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return chunk;
    }

    private static ObjectNode delta() {
        return JSON.createObjectNode();
    }

    private static ObjectNode envelope(String id, String model, String object) {
        return JSON.createObjectNode().put("id", id).put("object", object).put("created", System.currentTimeMillis() / 1000)
                .put("model", model).putNull("system_fingerprint");
    }

    private static String finishReason(ScriptedReply reply) {
        if (reply.finishReason() != null) {
            return reply.finishReason();
        }
        return reply.toolCalls().isEmpty() ? "stop" : "tool_calls";
    }

    private static ObjectNode usage(JsonNode request, ScriptedReply reply) {
        int prompt = reply.promptTokens() != null ? reply.promptTokens() : estimateTokens(request.path("messages").toString());
        int completion = reply.completionTokens() != null ? reply.completionTokens() : estimateTokens(output(reply));
        ObjectNode usage = JSON.createObjectNode()
                .put("prompt_tokens", prompt)
                .put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        usage.putObject("prompt_tokens_details").put("cached_tokens", reply.cachedTokens() == null ? 0 : reply.cachedTokens());
        usage.putObject("completion_tokens_details")
                .put("reasoning_tokens", reply.reasoningTokens() == null ? 0 : reply.reasoningTokens());
        return usage;
    }

    private static String output(ScriptedReply reply) {
        StringBuilder out = new StringBuilder(reply.text() == null ? "" : reply.text());
        reply.toolCalls().forEach(c -> out.append(c.name()).append(c.arguments()));
        return out.toString();
    }

    /** The text of the last user message of a chat-completions request ("" if it has none). */
    public static String lastUserText(JsonNode request) {
        JsonNode messages = request.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asText())) {
                return messages.get(i).path("content").asText();
            }
        }
        return "";
    }
}
