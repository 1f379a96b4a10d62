package dev.engram.embedding.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted stand-in for remote providers, in test code only: OpenAI's {@code POST /v1/embeddings} and Ollama's
 * {@code POST /api/embed} on one port. The model name picks the script, so tests stay independent:
 * <ul>
 * <li>{@code fail-500}, {@code down}: always HTTP 500</li>
 * <li>{@code flaky-2}: HTTP 503 on the first two calls, then vectors</li>
 * <li>{@code slow}: answers after 2 s</li>
 * <li>{@code rejects}: HTTP 400 with an OpenAI-style error; {@code unauthorized}: HTTP 401</li>
 * <li>anything else: vectors of {@code dimensions} (default 8) values that are not unit length, usage = words</li>
 * </ul>
 * {@code GET /_calls/{model}} tells how many calls a model received.
 */
final class ScriptedProviderServer implements AutoCloseable {

    static final String API_KEY = "test-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    ScriptedProviderServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/embeddings", exchange -> handle(exchange, false));
        server.createContext("/api/embed", exchange -> handle(exchange, true));
        server.createContext("/_calls/", exchange -> {
            String model = exchange.getRequestURI().getPath().substring("/_calls/".length());
            send(exchange, 200, String.valueOf(calls.getOrDefault(model, new AtomicInteger()).get()));
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange, boolean ollama) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        String model = request.path("model").asText();
        int call = calls.computeIfAbsent(model, m -> new AtomicInteger()).incrementAndGet();
        if (!ollama && !("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}");
            return;
        }
        switch (model) {
            case "fail-500", "down" -> send(exchange, 500, "{\"error\":{\"message\":\"scripted outage\"}}");
            case "flaky-2" -> {
                if (call <= 2) {
                    send(exchange, 503, "{\"error\":{\"message\":\"scripted overload\"}}");
                } else {
                    send(exchange, 200, vectors(request, ollama));
                }
            }
            case "slow" -> {
                sleep(2_000);
                send(exchange, 200, vectors(request, ollama));
            }
            case "rejects" -> send(exchange, 400, "{\"error\":{\"message\":\"scripted: invalid input\"}}");
            case "unauthorized" -> send(exchange, 401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}");
            default -> send(exchange, 200, vectors(request, ollama));
        }
    }

    private static String vectors(JsonNode request, boolean ollama) throws IOException {
        JsonNode input = request.path("input");
        int dims = request.path("dimensions").asInt(8);
        ObjectNode answer = JSON.createObjectNode().put("model", request.path("model").asText());
        ArrayNode list = ollama ? answer.putArray("embeddings") : answer.put("object", "list").putArray("data");
        int words = 0;
        for (int i = 0; i < input.size(); i++) {
            String text = input.get(i).asText();
            words += text.split("\\s+").length;
            ArrayNode vector = JSON.createArrayNode();
            int h = text.hashCode();
            for (int d = 0; d < dims; d++) {
                vector.add(((h >>> (d % 32)) & 7) + 1.0); // positive, so never a zero vector
            }
            if (ollama) {
                list.add(vector);
            } else {
                list.addObject().put("object", "embedding").put("index", i).set("embedding", vector);
            }
        }
        if (!ollama) {
            answer.putObject("usage").put("prompt_tokens", words).put("total_tokens", words);
        }
        return JSON.writeValueAsString(answer);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
