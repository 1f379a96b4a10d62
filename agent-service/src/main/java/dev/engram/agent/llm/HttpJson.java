package dev.engram.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Small JSON GETs against provider APIs (model lists), bounded in time so that a listing never hangs. */
final class HttpJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration timeout;

    HttpJson(Duration connectTimeout, Duration timeout) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.timeout = timeout;
    }

    Uni<JsonNode> get(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
                .header("Accept", "application/json");
        headers.forEach(request::header);
        return Uni.createFrom().completionStage(() -> http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()))
                .ifNoItem().after(timeout).failWith(() -> new IllegalStateException("no answer within " + timeout.toMillis() + " ms"))
                .map(response -> {
                    if (response.statusCode() == 401 || response.statusCode() == 403) {
                        throw new LlmException(LlmException.Kind.AUTHENTICATION, "HTTP " + response.statusCode() + ": "
                                + LlmErrors.detail(response.body()));
                    }
                    if (response.statusCode() / 100 != 2) {
                        throw new IllegalStateException("HTTP " + response.statusCode() + ": " + LlmErrors.detail(response.body()));
                    }
                    try {
                        return JSON.readTree(response.body());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    void close() {
        http.close();
    }
}
