package dev.engram.bench.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a step's time goes, from agent-service's own Prometheus timers: the mean time of the message route, of its
 * calls to memory-service (context, step commit) and of the LLM call, between two scrapes.
 */
final class Breakdown {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String metricsUrl;

    Breakdown(String agentServiceUrl) {
        this.metricsUrl = agentServiceUrl + "/q/metrics";
    }

    /** Sum and count of every request timer, keyed by the metric line without its suffix. */
    Map<String, double[]> scrape() throws IOException, InterruptedException {
        String text = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, double[]> timers = new HashMap<>();
        for (String line : text.split("\n")) {
            boolean sum = line.startsWith("http_server_requests_seconds_sum") || line.startsWith("http_client_requests_seconds_sum");
            boolean count = line.startsWith("http_server_requests_seconds_count") || line.startsWith("http_client_requests_seconds_count");
            if (!sum && !count) {
                continue;
            }
            String key = line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1);
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            timers.computeIfAbsent(key, k -> new double[2])[sum ? 0 : 1] += value;
        }
        return timers;
    }

    /** Mean milliseconds per call between two scrapes for the timers whose labels contain {@code uri}. */
    static double meanMillis(Map<String, double[]> before, Map<String, double[]> after, String uri) {
        double sum = 0;
        double count = 0;
        for (var e : after.entrySet()) {
            if (e.getKey().contains("uri=\"" + uri + "\"") && e.getKey().contains("outcome=\"SUCCESS\"")) {
                double[] b = before.getOrDefault(e.getKey(), new double[2]);
                sum += e.getValue()[0] - b[0];
                count += e.getValue()[1] - b[1];
            }
        }
        return count == 0 ? Double.NaN : sum / count * 1000;
    }
}
