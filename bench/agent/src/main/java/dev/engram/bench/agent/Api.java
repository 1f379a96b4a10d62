package dev.engram.bench.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The public API as a Letta client calls it (HTTP/1.1, JSON), through one shared HTTP client. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String bearer;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    Api(String baseUrl) {
        this(baseUrl, null);
    }

    /** Every call sends {@code Authorization: Bearer <bearer>} (an API key) when it is not null. */
    Api(String baseUrl, String bearer) {
        this.baseUrl = baseUrl;
        this.bearer = bearer;
    }

    /** Letta's quick-start agent: human and persona blocks, gpt-4o-mini, text-embedding-3-small. */
    String createQuickStartAgent(String agentType) throws IOException, InterruptedException {
        Map<String, Object> body = Map.of(
                "agent_type", agentType,
                "memory_blocks", List.of(
                        Map.of("label", "human", "value", "Role: founder. Prefers short answers."),
                        Map.of("label", "persona", "value", "I am a concise, friendly assistant.")),
                "model", "openai/gpt-4o-mini",
                "embedding", "openai/text-embedding-3-small");
        return post("/v1/agents/", body).path("id").asText();
    }

    /** Sends one user message; fails unless the run ended normally. */
    void send(String agentId, String text) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request("/v1/agents/" + agentId + "/messages")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("messages", List.of(Map.of("role", "user", "content", text)))))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !r.body().contains("\"end_turn\"")) {
            throw new IllegalStateException("message to " + agentId + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return call("POST", path, body);
    }

    JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(path).method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json");
        return bearer == null ? b : b.header("Authorization", "Bearer " + bearer);
    }
}
