package dev.engram.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Archival inserts from concurrent writers while memory-service is killed with {@code kill -9} and started again:
 * writers retry what failed with the same Idempotency-Key, as a careful client does, and in the end every passage
 * is stored exactly once and found by search (the embedded index recovered and caught up with PostgreSQL).
 */
class IngestCrashIT {

    private static final int PASSAGES = 240;
    private static final int WRITERS = 4;
    private static final String[] DEPOTS = {"harbour", "airport", "station", "market", "warehouse", "campus"};

    private static ScriptedOpenAiServer llm;
    private static Engram engram;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void up() throws Exception {
        llm = new ScriptedOpenAiServer(); // the agent's chat model; the passages use the local embedding model
        engram = Engram.upWith("ingest", llm, Map.of());
    }

    @AfterAll
    static void down() throws Exception {
        Engram.stop(engram, llm);
    }

    private static String text(int i) {
        return "Entry %04d: the courier left parcel pk%04dz at the %s depot.".formatted(i, i, DEPOTS[i % DEPOTS.length]);
    }

    @Test
    void memory_service_killed_mid_ingest_loses_nothing_and_doubles_nothing() throws Exception {
        HttpResponse<String> created = engram.post("/v1/agents/", Engram.JSON.readTree("""
                {"memory_blocks": [{"label": "human", "value": "Runs a courier business."}],
                 "model": "openai/gpt-4o-mini", "embedding": "local/all-minilm-l6-v2-q"}"""));
        assertEquals(200, created.statusCode(), created.body());
        String agent = engram.json(created).path("id").asText();

        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            done.add(writers.submit(() -> {
                for (int i = writer; i < PASSAGES; i += WRITERS) {
                    ids.add(insertUntilAcknowledged(agent, i, refused));
                    acknowledged.incrementAndGet();
                }
                return null;
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (acknowledged.get() < PASSAGES / 4 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        engram.kill9("memory-service");
        int atKill = acknowledged.get();
        Thread.sleep(1_000); // the writers meet the outage
        engram.up();
        for (Future<?> f : done) {
            f.get(5, TimeUnit.MINUTES);
        }
        writers.shutdown();

        assertTrue(atKill < PASSAGES, "the kill landed mid-ingest (" + atKill + " of " + PASSAGES + " stored)");
        assertTrue(refused.get() > 0, "the writers saw the outage");
        assertEquals(PASSAGES, ids.size(), "each insert answered one passage id, retries the same one");

        // stored exactly once each
        JsonNode listed = engram.json(engram.get("/v1/agents/" + agent + "/archival-memory?limit=1000"));
        assertEquals(PASSAGES, listed.size());
        Set<String> texts = new HashSet<>();
        Set<String> listedIds = new HashSet<>();
        listed.forEach(p -> {
            texts.add(p.path("text").asText());
            listedIds.add(p.path("id").asText());
        });
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < PASSAGES; i++) {
            expected.add(text(i));
        }
        assertEquals(expected, texts);
        assertEquals(ids, listedIds);

        // and each one is in the index: its parcel code, a word no other passage has, finds it (a query word every
        // passage shares would let the dense half of the hybrid ranking push it out of the top 5)
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < PASSAGES; i++) {
            String query = URLEncoder.encode("pk%04dz".formatted(i), StandardCharsets.UTF_8);
            JsonNode found = engram.json(engram.get("/v1/agents/" + agent + "/archival-memory/search?top_k=5&query=" + query));
            if (!found.path("results").findValuesAsText("content").contains(text(i))) {
                missing.add(i);
            }
        }
        assertEquals(List.of(), missing, "passages that search does not find");
    }

    /** One insert, retried with its Idempotency-Key through connection errors and 5xx answers; answers the passage id. */
    private String insertUntilAcknowledged(String agent, int i, AtomicInteger refused) throws Exception {
        String body = Engram.JSON.writeValueAsString(Map.of("text", text(i), "tags", List.of(DEPOTS[i % DEPOTS.length])));
        HttpRequest request = HttpRequest.newBuilder(URI.create(engram.baseUrl() + "/v1/agents/" + agent + "/archival-memory"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").header("Idempotency-Key", "ingest-" + i)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    JsonNode created = Engram.JSON.readTree(r.body());
                    return created.get(0).path("id").asText();
                }
                if (r.statusCode() < 500) {
                    throw new AssertionError("insert " + i + " refused with " + r.statusCode() + ": " + r.body());
                }
            } catch (IOException e) {
                // agent-service is up all along; a reset connection is retried like a 503
            }
            refused.incrementAndGet();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("insert " + i + " was never acknowledged");
            }
            Thread.sleep(200);
        }
    }
}
