package dev.engram.bench.agent;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** POSTs that answer a server-sent event stream, read to its end with the time of the first frame. */
final class Sse {

    /** A stream read to its end: its data frames (without [DONE]), when the first arrived and when it ended. */
    record Read(List<JsonNode> frames, long firstFrameNanos, long endNanos) {

        /** The frames that are messages or pings (what carries a seq_id), in order. */
        List<JsonNode> sequenced() {
            return frames.stream().filter(f -> f.has("seq_id") && !f.path("seq_id").isNull()).toList();
        }
    }

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    Sse(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** POSTs {@code body}; times run from {@code t0} (System.nanoTime) to the first data frame and to the end. */
    Read post(String path, Object body, long t0) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body))).build();
        HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            String text = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
            throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + text);
        }
        List<JsonNode> frames = new ArrayList<>();
        long first = -1;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.startsWith("data:")) {
                    continue;
                }
                if (first < 0) {
                    first = System.nanoTime() - t0;
                }
                String data = line.substring(5).trim();
                if ("[DONE]".equals(data)) {
                    break;
                }
                frames.add(Api.JSON.readTree(data));
            }
        }
        return new Read(frames, first, System.nanoTime() - t0);
    }
}
