package dev.engram.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.ServiceProcess;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code kill -TERM} of the agent-service replica that runs a run, mid-step, with a second replica on the same
 * database: the stopping replica reports not ready, finishes the step under way, hands the run over at the step
 * boundary and exits within its grace period; the other replica resumes the run at once (the lease here is ten
 * minutes, so waiting for it to expire cannot be what finishes the run) and completes it, with every step taken once,
 * every message stored once and one usage event per step.
 */
class GracefulShutdownIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration GRACE = Duration.ofSeconds(20);
    private static final Duration DELAY = Duration.ofSeconds(1);
    /** Long enough that only a hand-over, not an expired lease, lets another replica take the run. */
    private static final String LEASE = "10m";

    private static ScriptedOpenAiServer llm;
    private static Engram engram;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ServiceProcess replicaB;

    @BeforeAll
    static void up() throws Exception {
        llm = new ScriptedOpenAiServer();
        engram = Engram.upWith("shutdown", llm, Map.of("ENGRAM_QUEUE_LEASE", LEASE));
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
            replicaB.kill();
        }
    }

    @Test
    void sigterm_mid_run_hands_the_run_over_and_it_completes_on_the_other_replica_with_nothing_lost() throws Exception {
        replicaB = startReplicaB();
        String agent = createAgent(replicaB.url());
        CountDownLatch secondStep = new CountDownLatch(1);
        Duration slow = Duration.ofMillis(300);
        llm.enqueue(
                ScriptedReply.toolCalls(call("call_tea", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Drinks green tea.\"}"))
                        .withLatency(slow),
                ScriptedReply.toolCalls(call("call_porto", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Lives in Porto.\"}"))
                        .heldUntil(secondStep),
                ScriptedReply.toolCalls(call("call_cat", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Has a cat, Miso.\"}"))
                        .withLatency(slow),
                ScriptedReply.text("Noted: tea, Porto and Miso.").withLatency(slow));

        JsonNode accepted = json(post(replicaB.url() + "/v1/agents/" + agent + "/messages/async",
                Map.of("messages", List.of(Map.of("role", "user", "content", "Some facts about me: tea, Porto, a cat.")))));
        String run = accepted.path("id").asText();
        assertTrue(run.startsWith("run-"), accepted.toPrettyString());
        assertTrue(llm.awaitRequests(2, WAIT), "the run is in its second step on replica B");

        new ProcessBuilder("kill", "-TERM", String.valueOf(replicaB.pid())).inheritIO().start().waitFor();
        assertEquals(503, firstAnswerNotReady(replicaB.url()), "readiness goes DOWN while the replica still answers");
        secondStep.countDown(); // the step under way finishes on B; the run is handed over at its end

        assertTrue(replicaB.awaitExit(GRACE.plus(DELAY).plusSeconds(10)), "replica B exits within its grace period");
        String log = replicaB.output();
        assertTrue(log.contains("run " + run + " handed over after 2 step(s)"), log);

        JsonNode finished = awaitEnd(run);
        assertEquals("completed", finished.path("status").asText(), finished.toPrettyString());
        assertEquals("end_turn", finished.path("stop_reason").asText());
        assertEquals(4, llm.requestCount(), "each step asked the LLM once: none was taken twice or lost");

        JsonNode steps = engram.json(engram.get("/v1/runs/" + run + "/steps"));
        assertEquals(4, steps.size(), steps.toPrettyString());
        assertEquals(4, Set.copyOf(steps.findValuesAsText("id")).size(), "no step recorded twice");

        List<JsonNode> history = new ArrayList<>();
        engram.json(engram.get("/v1/agents/" + agent + "/messages?order=asc&limit=1000")).forEach(history::add);
        assertEquals(List.of("system_message", "user_message", "tool_call_message", "tool_return_message", "tool_call_message",
                "tool_return_message", "tool_call_message", "tool_return_message", "assistant_message"),
                history.stream().map(m -> m.path("message_type").asText()).toList(), history.toString());
        Set<String> seen = new HashSet<>();
        for (JsonNode m : history) {
            assertTrue(seen.add(m.path("id").asText() + "/" + m.path("message_type").asText()), "listed twice: " + m);
        }
        assertEquals(List.of("call_tea", "call_porto", "call_cat"), history.stream()
                .filter(m -> "tool_return_message".equals(m.path("message_type").asText()))
                .map(m -> m.path("tool_call_id").asText()).toList());
        assertEquals("Noted: tea, Porto and Miso.", history.get(8).path("content").asText());
        String human = engram.json(engram.get("/v1/agents/" + agent + "/core-memory/blocks/human")).path("value").asText();
        for (String fact : List.of("Drinks green tea.", "Lives in Porto.", "Has a cat, Miso.")) {
            assertEquals(1, human.split(java.util.regex.Pattern.quote(fact), -1).length - 1, fact + " once in: " + human);
        }
        JsonNode result = finished.path("metadata").path("result");
        assertEquals(4, result.path("usage").path("step_count").asInt(), result.toPrettyString());
        assertEquals(history.size() - 2, result.path("messages").size(), "the run's result has every message it produced");
        assertUsageEventsAreTheSteps();
    }

    @Test
    void a_client_waiting_on_the_stopping_replica_gets_the_whole_answer_of_the_run_finished_elsewhere() throws Exception {
        replicaB = startReplicaB();
        String agent = createAgent(replicaB.url());
        CountDownLatch firstStep = new CountDownLatch(1);
        llm.enqueue(
                ScriptedReply.toolCalls(call("call_oslo", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Lives in Oslo.\"}"))
                        .heldUntil(firstStep),
                ScriptedReply.text("Noted: Oslo."));

        // a plain request: its client waits on replica B for the run's JSON
        var answer = http.sendAsync(HttpRequest.newBuilder(URI.create(replicaB.url() + "/v1/agents/" + agent + "/messages"))
                .timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Engram.JSON.writeValueAsString(
                        Map.of("messages", List.of(Map.of("role", "user", "content", "I live in Oslo.")))))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(llm.awaitRequests(1, WAIT), "the run is in its first step on replica B");
        new ProcessBuilder("kill", "-TERM", String.valueOf(replicaB.pid())).inheritIO().start().waitFor();
        assertEquals(503, firstAnswerNotReady(replicaB.url()));
        firstStep.countDown();

        HttpResponse<String> r = answer.get(2, java.util.concurrent.TimeUnit.MINUTES);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = Engram.JSON.readTree(r.body());
        assertEquals(List.of("tool_call_message", "tool_return_message", "assistant_message"),
                body.path("messages").findValuesAsText("message_type"), body.toPrettyString());
        assertEquals("Noted: Oslo.", body.path("messages").get(2).path("content").asText());
        assertEquals("end_turn", body.path("stop_reason").path("stop_reason").asText());
        assertEquals(2, body.path("usage").path("step_count").asInt());
        assertTrue(replicaB.awaitExit(GRACE.plus(DELAY).plusSeconds(10)), "replica B exits within its grace period");
        assertTrue(replicaB.output().contains("handed over after 1 step(s)"), replicaB.output());
        assertEquals(2, llm.requestCount(), "each step asked the LLM once");
    }

    /** A second agent-service on the same database, with a short pre-shutdown delay as on Kubernetes. */
    private ServiceProcess startReplicaB() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("LETTA_PG_URI", engram.postgresUri());
        env.put("ENGRAM_MEMORY_URL", "http://127.0.0.1:" + engram.ports().memory());
        env.put("ENGRAM_EMBEDDING_URL", "http://127.0.0.1:" + engram.ports().embedding());
        env.put("ENGRAM_SERVICE_TOKEN", engram.serviceToken());
        env.put("ENGRAM_AUTH", "none");
        env.put("OPENAI_BASE_URL", llm.baseUrl());
        env.put("OPENAI_API_KEY", "test-key");
        env.put("ENGRAM_QUEUE_LEASE", LEASE);
        env.put("ENGRAM_SHUTDOWN_GRACE", GRACE.toSeconds() + "s");
        env.put("ENGRAM_SHUTDOWN_DELAY", DELAY.toSeconds() + "s");
        return new ServiceProcess("agent-service", "ENGRAM_AGENT_PORT", env).start();
    }

    /** Polls readiness until it is no longer 200: that status, or -1 when the replica stopped answering first. */
    private int firstAnswerNotReady(String baseUrl) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 200) {
                    return status;
                }
            } catch (IOException gone) {
                return -1;
            }
            Thread.sleep(20);
        }
        return fail("replica B stayed ready");
    }

    /** One llm_step usage event per recorded step, with the steps' tokens: none lost, none counted twice. */
    private void assertUsageEventsAreTheSteps() throws Exception {
        JsonNode all = engram.json(engram.get("/v1/steps/?order=asc&limit=100"));
        long tokens = 0;
        for (JsonNode step : all) {
            tokens += step.path("total_tokens").asLong();
        }
        JsonNode usage = engram.json(engram.get("/v1/usage"));
        JsonNode steps = null;
        for (JsonNode line : usage.path("totals")) {
            if ("llm_step".equals(line.path("meter").asText())) {
                steps = line;
            }
        }
        assertNotNull(steps, usage.toPrettyString());
        assertEquals(all.size(), steps.path("events").asLong(), usage.toPrettyString());
        assertEquals(tokens, steps.path("total_tokens").asLong(), usage.toPrettyString());
    }

    private JsonNode awaitEnd(String run) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode current = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = engram.get("/v1/runs/" + run);
            if (r.statusCode() == 200) {
                current = engram.json(r);
                String status = current.path("status").asText();
                if (!status.equals("created") && !status.equals("running")) {
                    return current;
                }
            }
            Thread.sleep(200);
        }
        return fail("run " + run + " did not end within " + WAIT + ": " + current);
    }

    private String createAgent(String baseUrl) throws Exception {
        HttpResponse<String> r = post(baseUrl + "/v1/agents/", Engram.JSON.readTree("""
                {"memory_blocks": [{"label": "human", "value": "Role: founder."},
                                   {"label": "persona", "value": "I am a concise assistant."}],
                 "model": "openai/gpt-4o-mini", "embedding": "openai/text-embedding-3-small"}"""));
        assertEquals(200, r.statusCode(), r.body());
        return json(r).path("id").asText();
    }

    private HttpResponse<String> post(String url, Object body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Engram.JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        assertEquals(200, r.statusCode(), r.body());
        return Engram.JSON.readTree(r.body());
    }
}
