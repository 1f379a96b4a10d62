package dev.engram.bench.agent;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The bare round trip to the scripted LLM, from this client, with a call as agent-service makes it: what one HTTP hop
 * and the stand-in model cost on this machine, measured in the same run as the overhead it is the baseline of.
 */
final class Baseline {

    private Baseline() {
    }

    static Latencies roundTrips(String llmBaseUrl, JsonNode call, int count) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        String body = call.toString();
        long[] nanos = new long[count];
        for (int i = -count / 5; i < count; i++) { // the first fifth warms up, unmeasured
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(llmBaseUrl + "/chat/completions"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer bench-key")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            long elapsed = System.nanoTime() - t0;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("scripted LLM answered " + r.statusCode() + ": " + r.body());
            }
            if (i >= 0) {
                nanos[i] = elapsed;
            }
        }
        return Latencies.of(nanos);
    }
}
