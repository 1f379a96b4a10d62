package dev.engram.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.ServiceProcess;
import dev.engram.agent.support.llm.ScriptedLlmServer;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two agent-service processes on one database and one memory-service: the suite of {@code ./engram up} (replica A)
 * plus a second agent-service started from the same jar on another port (replica B). Requests to one agent through
 * both run one at a time, in arrival order, none lost; a request that waits longer than ENGRAM_QUEUE_MAX_WAIT is
 * answered 409 with the id of the run that holds the agent. A change made through one replica reaches an agent's change
 * feed opened on the other (PostgreSQL LISTEN/NOTIFY).
 */
class TwoReplicasIT {

    private static final Duration LLM_LATENCY = Duration.ofMillis(200);
    /** Between two submissions, so that arrival order is the submission order (the first run holds the agent meanwhile). */
    private static final long SUBMIT_GAP_MS = 400;

    private static ScriptedOpenAiServer llm;
    private static Engram engram;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ServiceProcess replicaB;

    @BeforeAll
    static void up() throws Exception {
        llm = new ScriptedOpenAiServer();
        engram = Engram.upWith("replicas", llm, Map.of());
    }

    @AfterAll
    static void down() throws Exception {
        Engram.stop(engram, llm);
    }

    @BeforeEach
    void reset() {
        llm.reset();
    }

    @AfterEach
    void stopReplicaB() {
        if (replicaB != null) {
            replicaB.stop();
        }
    }

    /** A second agent-service: same database, same memory-service, its own port. */
    private ServiceProcess startReplicaB(Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(extra);
        env.put("LETTA_PG_URI", engram.postgresUri());
        env.put("ENGRAM_MEMORY_URL", "http://127.0.0.1:" + engram.ports().memory());
        env.put("ENGRAM_EMBEDDING_URL", "http://127.0.0.1:" + engram.ports().embedding());
        env.put("ENGRAM_SERVICE_TOKEN", engram.serviceToken());
        env.put("ENGRAM_AUTH", "none"); // on loopback, as ./engram up runs replica A
        env.put("OPENAI_BASE_URL", llm.baseUrl());
        env.put("OPENAI_API_KEY", "test-key");
        replicaB = new ServiceProcess("agent-service", "ENGRAM_AGENT_PORT", env).start();
        warmUp(replicaB.url());
        warmUp(engram.baseUrl());
        return replicaB;
    }

    /**
     * One turn through a replica, so that its first real request is not slowed by a cold JVM: a request takes its
     * place in the agent's queue after loading the agent and opening its run, and a cold replica can take longer
     * for that than the gap between two submissions.
     */
    private void warmUp(String baseUrl) throws Exception {
        HttpResponse<String> r = send(baseUrl, createAgent(baseUrl), "warm-up").get(2, TimeUnit.MINUTES);
        assertEquals(200, r.statusCode(), r.body());
        llm.reset();
    }

    @Test
    void concurrent_requests_through_both_replicas_run_one_after_another_in_arrival_order_none_lost() throws Exception {
        ServiceProcess b = startReplicaB(Map.of());
        String a = engram.baseUrl();
        String agent = createAgent(a);
        CountDownLatch firstHeld = new CountDownLatch(1);
        llm.enqueue(ScriptedReply.text("reply to message 0").heldUntil(firstHeld));
        llm.defaultReply(request -> ScriptedReply.text("reply to " + ScriptedOpenAiServer.lastUserText(request)).withLatency(LLM_LATENCY));

        int n = 6;
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String replica = i % 2 == 0 ? a : b.url();
            sent.add(send(replica, agent, "message " + i));
            if (i == 0) {
                assertTrue(llm.awaitRequests(1, Duration.ofSeconds(60)), "the first run reached the LLM");
            }
            Thread.sleep(SUBMIT_GAP_MS);
        }
        firstHeld.countDown();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = sent.get(i).get(2, TimeUnit.MINUTES);
            assertEquals(200, r.statusCode(), "message " + i + ": " + r.body());
            assertEquals("reply to message " + i, Engram.JSON.readTree(r.body()).path("messages").get(0).path("content").asText());
        }

        // the k-th LLM call saw the k earlier turns, complete and in order: no run overlapped another
        List<ScriptedLlmServer.Received> calls = llm.requests();
        assertEquals(n, calls.size());
        for (int k = 0; k < n; k++) {
            JsonNode messages = calls.get(k).body().path("messages");
            assertEquals(2 + 2 * k, messages.size(), "call " + k + " carries the system message, " + k + " turns and its input");
            for (int j = 0; j <= k; j++) {
                assertEquals("message " + j, messages.get(1 + 2 * j).path("content").asText());
            }
            for (int j = 0; j < k; j++) {
                assertEquals("reply to message " + j, messages.get(2 + 2 * j).path("content").asText());
            }
        }
        JsonNode stored = Engram.JSON.readTree(get(a + "/v1/agents/" + agent + "/messages?order=asc&limit=100").body());
        assertEquals(1 + 2 * n, stored.size(), "every message of every run is stored");
        for (int j = 0; j < n; j++) {
            assertEquals("message " + j, stored.get(1 + 2 * j).path("content").asText());
            assertEquals("reply to message " + j, stored.get(2 + 2 * j).path("content").asText());
        }
    }

    @Test
    void a_request_that_waits_longer_than_the_max_wait_gets_409_with_the_busy_runs_id() throws Exception {
        ServiceProcess b = startReplicaB(Map.of("ENGRAM_QUEUE_MAX_WAIT", "2s"));
        String a = engram.baseUrl();
        String agent = createAgent(a);
        CountDownLatch held = new CountDownLatch(1);
        llm.enqueue(ScriptedReply.text("slow reply").heldUntil(held));

        CompletableFuture<HttpResponse<String>> busy = send(a, agent, "a long question");
        assertTrue(llm.awaitRequests(1, Duration.ofSeconds(60)), "the first run holds the agent in its LLM call");
        HttpResponse<String> refused = send(b.url(), agent, "an impatient question").get(2, TimeUnit.MINUTES);
        held.countDown();
        HttpResponse<String> first = busy.get(2, TimeUnit.MINUTES);

        assertEquals(409, refused.statusCode(), refused.body());
        JsonNode conflict = Engram.JSON.readTree(refused.body());
        assertTrue(conflict.path("detail").asText().startsWith("CONFLICT: Cannot send a new message"), refused.body());
        assertEquals(200, first.statusCode(), first.body());
        String busyRun = Engram.JSON.readTree(first.body()).path("messages").get(0).path("run_id").asText();
        assertTrue(busyRun.startsWith("run-"), first.body());
        assertEquals(busyRun, conflict.path("run_id").asText());

        // the refused request left nothing behind: the agent takes the next request at once, through either replica
        llm.enqueue(ScriptedReply.text("next reply"));
        HttpResponse<String> next = send(b.url(), agent, "a later question").get(2, TimeUnit.MINUTES);
        assertEquals(200, next.statusCode(), next.body());
        JsonNode stored = Engram.JSON.readTree(get(a + "/v1/agents/" + agent + "/messages?order=asc&limit=100").body());
        List<String> texts = stored.findValuesAsText("content");
        assertEquals(List.of("a long question", "slow reply", "a later question", "next reply"), texts.subList(1, texts.size()));
    }

    @Test
    void a_block_change_through_one_replica_reaches_the_change_feed_open_on_the_other() throws Exception {
        ServiceProcess b = startReplicaB(Map.of());
        String a = engram.baseUrl();
        String agent = createAgent(a);
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        HttpResponse<java.util.stream.Stream<String>> feed = http.send(HttpRequest.newBuilder(URI.create(a + "/v1/agents/" + agent + "/events"))
                .GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, feed.statusCode());
        Thread reader = new Thread(() -> {
            try {
                feed.body().forEach(lines::add);
            } catch (RuntimeException closed) {
                // the test is over
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            awaitLine(lines, "event: ready");
            llm.enqueue(ScriptedReply.toolCalls(ScriptedReply.call("call_b_1", "memory_insert",
                    "{\"label\": \"human\", \"new_string\": \"Edited on replica B.\"}")), ScriptedReply.text("Done."));
            assertEquals(200, send(b.url(), agent, "remember this").get(2, TimeUnit.MINUTES).statusCode());
            awaitLine(lines, "event: block_updated");
            String data = awaitLine(lines, "data: ");
            assertTrue(data.contains("Edited on replica B.") && data.contains("\"tool_call_id\":\"call_b_1\""), data);
        } finally {
            feed.body().close();
        }
    }

    @Test
    void a_provider_added_through_one_replica_serves_the_organizations_handles_on_the_other_at_once() throws Exception {
        // B never refreshes on its own here: only the announcement of the change can tell it
        ServiceProcess b = startReplicaB(Map.of("ENGRAM_PROVIDERS_REFRESH_INTERVAL", "1h"));
        String name = "own-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> made = post(engram.baseUrl() + "/v1/providers/", Map.of("name", name, "provider_type", "vllm",
                "api_key", "sk-own-key", "base_url", llm.baseUrl()));
        assertEquals(200, made.statusCode(), made.body());
        String provider = Engram.JSON.readTree(made.body()).path("id").asText();
        Map<String, Object> agent = Map.of("model", name + "/gpt-4o-mini", "embedding", "openai/text-embedding-3-small",
                "memory_blocks", List.of(Map.of("label", "human", "value", "Role: founder.")));
        HttpResponse<String> created = awaitStatus(() -> post(b.url() + "/v1/agents/", agent), 200);
        String agentId = Engram.JSON.readTree(created.body()).path("id").asText();
        assertEquals("byok", Engram.JSON.readTree(created.body()).path("llm_config").path("provider_category").asText());
        llm.enqueue(ScriptedReply.text("from your own provider"));
        HttpResponse<String> r = send(b.url(), agentId, "hello").get(2, TimeUnit.MINUTES);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("Bearer sk-own-key", llm.lastRequest().header("Authorization"), "the organization's key went to its provider");

        // deleted through A: B stops resolving the handle
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(engram.baseUrl() + "/v1/providers/" + provider)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> refused = awaitStatus(() -> post(b.url() + "/v1/agents/", agent), 400);
        assertTrue(refused.body().contains("Unknown provider '" + name + "'"), refused.body());
    }

    private interface Call {
        HttpResponse<String> send() throws Exception;
    }

    /** Repeats the call until it answers {@code status}; fails after ten seconds. */
    private static HttpResponse<String> awaitStatus(Call call, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        HttpResponse<String> r = call.send();
        while (r.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = call.send();
        }
        assertEquals(status, r.statusCode(), r.body());
        return r;
    }

    private HttpResponse<String> post(String url, Object body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(1)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Engram.JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The next line starting with {@code prefix}, skipping others; fails after a minute without one. */
    private static String awaitLine(java.util.concurrent.BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' came");
    }

    private String createAgent(String baseUrl) throws Exception {
        String body = """
                {"memory_blocks": [{"label": "human", "value": "Role: founder. Prefers short answers."},
                                   {"label": "persona", "value": "I am a concise, friendly assistant."}],
                 "model": "openai/gpt-4o-mini", "embedding": "openai/text-embedding-3-small"}""";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/agents/"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Engram.JSON.readTree(r.body()).path("id").asText();
    }

    private CompletableFuture<HttpResponse<String>> send(String baseUrl, String agent, String text) throws Exception {
        String body = Engram.JSON.writeValueAsString(Map.of("messages", List.of(Map.of("role", "user", "content", text))));
        return http.sendAsync(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/agents/" + agent + "/messages"))
                .timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

}
