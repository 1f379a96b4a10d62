package dev.engram.agent.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.Sse;
import io.restassured.RestAssured;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A test client of an agent's change feed: the SSE response read on a thread of its own, event by event. */
public final class EventFeed implements AutoCloseable {

    public record Event(String name, JsonNode data) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private final Thread reader;
    private final int status;
    private final InputStream body;

    private EventFeed(String agentId, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                + "/v1/agents/" + agentId + "/events")).timeout(Duration.ofSeconds(60)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        status = response.statusCode();
        body = response.body();
        reader = new Thread(this::read, "event-feed-" + agentId);
        reader.setDaemon(true);
        reader.start();
    }

    public static EventFeed open(String agentId) throws Exception {
        return new EventFeed(agentId, null);
    }

    /** The feed opened with {@code Authorization: Bearer <key>}. */
    public static EventFeed open(String agentId, String key) throws Exception {
        return new EventFeed(agentId, key);
    }

    public int status() {
        return status;
    }

    /** The next event matching {@code wanted}, skipping others; fails when none comes within 30 s. */
    public Event next(String name, Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Event e = events.poll(200, TimeUnit.MILLISECONDS);
            if (e != null && e.name().equals(name) && wanted.test(e.data())) {
                return e;
            }
        }
        throw new AssertionError("no " + name + " event came");
    }

    /** Every event received so far, without waiting. */
    java.util.List<Event> drain() {
        java.util.List<Event> out = new java.util.ArrayList<>();
        events.drainTo(out);
        return out;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (name != null && !data.isEmpty()) {
                        events.add(new Event(name, Sse.JSON.readTree(data.toString())));
                    }
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (Exception e) {
            // closed
        }
    }

    @Override
    public void close() throws Exception {
        body.close();
        reader.interrupt();
        client.shutdownNow();
    }
}
