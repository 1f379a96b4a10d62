package dev.engram.bench.locomo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** memory-service's archival API over HTTP/1.1, as agent-service calls it. */
final class MemoryClient {

    /** One search result: the passage id and its score. */
    record Hit(String id, double score) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    MemoryClient(String base) {
        this.base = base;
    }

    static String newAgent() {
        return "agent-" + UUID.randomUUID();
    }

    /** Inserts one passage; completes with its id. {@code body} is the JSON request (text, created_at, ...). */
    CompletableFuture<String> insert(String agent, Map<String, Object> body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/agents/" + agent + "/passages"))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(write(body))).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
            if (r.statusCode() != 200) {
                throw new IllegalStateException("insert answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            }
            return read(r.body()).path("id").asText();
        });
    }

    /** Inserts passages in one request (the batch endpoint); completes with their ids in order. */
    CompletableFuture<List<String>> insertBatch(String agent, List<Map<String, Object>> bodies) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/agents/" + agent + "/passages/batch"))
                .timeout(Duration.ofSeconds(300)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(write(Map.of("passages", bodies)))).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
            if (r.statusCode() != 200) {
                throw new IllegalStateException("batch insert answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            }
            List<String> ids = new ArrayList<>();
            read(r.body()).forEach(p -> ids.add(p.path("id").asText()));
            return ids;
        });
    }

    /** Searches one agent's passages; {@code params} are the query parameters (query, top_k, mode, ...). */
    List<Hit> search(String agent, Map<String, String> params) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(searchRequest(agent, params), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("search answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        List<Hit> hits = new ArrayList<>();
        for (JsonNode h : read(r.body()).path("results")) {
            hits.add(new Hit(h.path("id").asText(), h.path("relevance").asDouble()));
        }
        return hits;
    }

    HttpRequest searchRequest(String agent, Map<String, String> params) {
        StringJoiner query = new StringJoiner("&");
        params.forEach((k, v) -> query.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HttpRequest.newBuilder(URI.create(base + "/v1/agents/" + agent + "/passages/search?" + query))
                .timeout(Duration.ofSeconds(60)).GET().build();
    }

    private static byte[] write(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
