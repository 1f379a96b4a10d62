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
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code kill -TERM} of the agent-service replica that runs a run, mid-step, with a second replica on the same
 * database: the stopping replica reports not ready, finishes the step under way, hands the run over at the step
 * boundary and exits within its grace period; the other replica resumes the run at once (the lease here is ten
 * minutes, so waiting for it to expire cannot be what finishes the run) and completes it, with every step taken once,
 * every message stored once and one usage event per step. Runs still waiting on the stopping replica for their agent's
 * turn are handed over at once and keep their place in the agent's queue. Clients on the stopping replica: a plain
 * request gets the whole answer, a non-background stream goes on with the rest of the run to its end, a background
 * stream (its starter and a follower) follows the frames the other replica stores; a follower reconnecting on the
 * other replica from its cursor gets every later frame once, through the run's stream route or the conversation's.
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
        // Letta's readiness route says so too, and why
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(replicaB.url() + "/v1/ready")).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("stopping"), ready.body());
        secondStep.countDown(); // the step under way finishes on B; the run is handed over at its end

        assertTrue(replicaB.awaitExit(GRACE.plus(DELAY).plusSeconds(10)), "replica B exits within its grace period");
        String log = replicaB.output();
        assertTrue(log.contains("run " + run + " handed over after 2 step(s)"), log);

        JsonNode finished = RunChecks.awaitEnd(engram, run, WAIT);
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
        RunChecks.assertUsageIsTheStepsSum(engram);
    }

    @Test
    void a_client_waiting_on_the_stopping_replica_gets_the_whole_answer_of_the_run_finished_elsewhere() throws Exception {
        // a plain request: its client waits on replica B for the run's JSON
        HttpResponse<String> r = sendToReplicaBAndStopItInTheFirstStep("/messages", "Oslo");
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

    @Test
    void runs_waiting_for_their_turn_on_the_stopping_replica_are_handed_over_at_once_and_run_in_their_order_elsewhere() throws Exception {
        replicaB = startReplicaB();
        String a = engram.baseUrl();
        String agent = createAgent(a);
        CountDownLatch firstRun = new CountDownLatch(1);
        llm.enqueue(ScriptedReply.text("One.").heldUntil(firstRun), ScriptedReply.text("Two."), ScriptedReply.text("Three."));

        var first = send(a, agent, "first"); // holds the agent on replica A
        assertTrue(llm.awaitRequests(1, WAIT), "the first run is in its step on replica A");
        String firstRunId = activeRunsOf(agent).getFirst();
        var second = send(replicaB.url(), agent, "second"); // waits on replica B for its turn
        awaitRuns(agent, 2);
        String secondRun = activeRunsOf(agent).stream().filter(r -> !r.equals(firstRunId)).findFirst().orElseThrow();
        JsonNode third = json(post(replicaB.url() + "/v1/agents/" + agent + "/messages/async",
                Map.of("messages", List.of(Map.of("role", "user", "content", "third"))))); // queued behind, on B too

        new ProcessBuilder("kill", "-TERM", String.valueOf(replicaB.pid())).inheritIO().start().waitFor();
        // both hand over while the first run still holds the agent: no lease (ten minutes) nor grace is waited for
        awaitOutput(replicaB, "run " + secondRun + " handed over while it waited for its turn");
        awaitOutput(replicaB, "run " + third.path("id").asText() + " handed over while it waited for its turn");
        assertEquals(1, llm.requestCount(), "nothing ran meanwhile");
        firstRun.countDown();

        HttpResponse<String> secondAnswer = second.get(2, java.util.concurrent.TimeUnit.MINUTES);
        assertEquals(200, secondAnswer.statusCode(), secondAnswer.body());
        JsonNode body = Engram.JSON.readTree(secondAnswer.body());
        assertEquals(List.of("assistant_message"), body.path("messages").findValuesAsText("message_type"), body.toPrettyString());
        assertEquals("Two.", body.path("messages").get(0).path("content").asText(), "the client on B got its own run's answer");
        assertEquals(200, first.get(2, java.util.concurrent.TimeUnit.MINUTES).statusCode());
        JsonNode thirdRun = RunChecks.awaitEnd(engram, third.path("id").asText(), WAIT);
        assertEquals("completed", thirdRun.path("status").asText(), thirdRun.toPrettyString());
        assertTrue(replicaB.awaitExit(GRACE.plus(DELAY).plusSeconds(10)), "replica B exits within its grace period");

        List<String> texts = engram.json(engram.get("/v1/agents/" + agent + "/messages?order=asc&limit=100")).findValuesAsText("content");
        assertEquals(List.of("first", "One.", "second", "Two.", "third", "Three."), texts.subList(1, texts.size()),
                "each run once, in the order the requests came");
        assertEquals(3, llm.requestCount());
        RunChecks.assertUsageIsTheStepsSum(engram);
    }

    @Test
    void a_stream_on_the_stopping_replica_goes_on_with_the_rest_of_its_run_finished_elsewhere() throws Exception {
        // a non-background stream: its client reads it on replica B
        HttpResponse<String> r = sendToReplicaBAndStopItInTheFirstStep("/messages/stream", "Rome");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().endsWith("data: [DONE]\n\n"), "the stream ends cleanly: " + r.body());
        List<JsonNode> frames = dataFrames(r.body());
        assertEquals(List.of("ping", "tool_call_message", "tool_return_message", "assistant_message", "stop_reason", "usage_statistics"),
                frames.stream().map(f -> f.path("message_type").asText()).toList(), r.body());
        assertEquals("end_turn", frames.get(4).path("stop_reason").asText());
        assertEquals(2, frames.get(5).path("step_count").asInt());
        String run = frames.get(1).path("run_id").asText();
        assertTrue(replicaB.awaitExit(GRACE.plus(DELAY).plusSeconds(10)), "replica B exits within its grace period");
        assertTrue(replicaB.output().contains("run " + run + " handed over after 1 step(s)"), replicaB.output());

        // what the stream sent is what the run stored, each message once, in order
        List<String> streamed = frames.subList(1, 4).stream().map(f -> f.path("id").asText() + "/" + f.path("message_type").asText()).toList();
        List<String> stored = new ArrayList<>();
        engram.json(engram.get("/v1/runs/" + run + "/messages?order=asc&limit=100")).forEach(m -> {
            if (!"user_message".equals(m.path("message_type").asText())) {
                stored.add(m.path("id").asText() + "/" + m.path("message_type").asText());
            }
        });
        assertEquals(stored, streamed);
        assertEquals("Noted: Rome.", frames.get(3).path("content").asText());
        assertEquals(2, llm.requestCount(), "each step asked the LLM once");
    }

    @Test
    void background_streams_on_the_stopping_replica_follow_the_run_elsewhere_and_a_reconnect_there_gets_the_rest_once() throws Exception {
        replicaB = startReplicaB();
        String agent = createAgent(replicaB.url());
        CountDownLatch firstStep = new CountDownLatch(1);
        llm.enqueue(
                ScriptedReply.toolCalls(call("call_lima", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Lives in Lima.\"}"))
                        .heldUntil(firstStep),
                ScriptedReply.toolCalls(call("call_dog", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Has a dog, Rex.\"}")),
                ScriptedReply.text("Noted: Lima and Rex."));

        // the client that starts the background run reads it on B; once the run is known, a follower attaches on B too
        Reading starter = read(replicaB.url() + "/v1/agents/" + agent + "/messages/stream", Map.of("background", true,
                "messages", List.of(Map.of("role", "user", "content", "I live in Lima and have a dog."))));
        String run = firstRunId(starter.lines());
        assertTrue(llm.awaitRequests(1, WAIT), "the run is in its first step on replica B");
        var follower = http.sendAsync(HttpRequest.newBuilder(URI.create(replicaB.url() + "/v1/runs/" + run + "/stream"))
                .timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"starting_after\": 0}")).build(), HttpResponse.BodyHandlers.ofString());

        new ProcessBuilder("kill", "-TERM", String.valueOf(replicaB.pid())).inheritIO().start().waitFor();
        assertEquals(503, firstAnswerNotReady(replicaB.url()));
        firstStep.countDown();

        HttpResponse<String> followed = follower.get(2, java.util.concurrent.TimeUnit.MINUTES);
        assertEquals(200, followed.statusCode(), followed.body());
        starter.reader().join(Duration.ofMinutes(2));
        assertTrue(replicaB.awaitExit(GRACE.plus(DELAY).plusSeconds(10)), "replica B exits within its grace period");
        assertTrue(replicaB.output().contains("run " + run + " handed over after 1 step(s)"), replicaB.output());
        JsonNode finished = RunChecks.awaitEnd(engram, run, WAIT);
        assertEquals("completed", finished.path("status").asText(), finished.toPrettyString());

        // the stored stream, read on replica A from its start: every frame once, in order, ending with [DONE]
        HttpResponse<String> whole = engram.post("/v1/runs/" + run + "/stream", Map.of("starting_after", 0));
        assertEquals(200, whole.statusCode(), whole.body());
        List<Long> all = seqIds(whole.body());
        assertEquals(all.stream().distinct().sorted().toList(), all, "each frame once, in order: " + whole.body());
        assertEquals(List.of("tool_call_message", "tool_return_message", "tool_call_message", "tool_return_message", "assistant_message",
                "stop_reason", "usage_statistics"), dataFrames(whole.body()).stream().map(f -> f.path("message_type").asText())
                .filter(t -> !"ping".equals(t)).toList(), whole.body());
        assertTrue(whole.body().endsWith("data: [DONE]\n\n"), whole.body());

        String starterBody = starter.soFar();
        assertEquals(all, seqIds(starterBody), "the starting client on B got the whole run once: " + starterBody);
        assertTrue(starterBody.contains("data: [DONE]"), starterBody);
        assertEquals(all, seqIds(followed.body()), "the follower on B got the whole run once: " + followed.body());
        assertTrue(followed.body().endsWith("data: [DONE]\n\n"), followed.body());

        // a follower that lost B reconnects on A from its cursor (the first step's tool call): the rest, once
        long cursor = dataFrames(whole.body()).stream().filter(f -> "tool_call_message".equals(f.path("message_type").asText()))
                .findFirst().orElseThrow().path("seq_id").asLong();
        HttpResponse<String> rest = engram.post("/v1/runs/" + run + "/stream", Map.of("starting_after", cursor));
        assertEquals(200, rest.statusCode(), rest.body());
        assertEquals(all.stream().filter(seq -> seq > cursor).toList(), seqIds(rest.body()), rest.body());
        assertTrue(rest.body().endsWith("data: [DONE]\n\n"), rest.body());
        assertEquals(3, llm.requestCount(), "each step asked the LLM once");
    }

    @Test
    void a_conversations_background_stream_follows_its_run_elsewhere_and_resumes_there_by_the_conversation_route() throws Exception {
        // letta-code's way: a conversation of the agent, a background stream per message, resumed through the conversation
        replicaB = startReplicaB();
        String agent = createAgent(replicaB.url());
        HttpResponse<String> made = post(replicaB.url() + "/v1/conversations/?agent_id=" + agent, Map.of());
        assertEquals(200, made.statusCode(), made.body());
        String conversation = json(made).path("id").asText();
        CountDownLatch firstStep = new CountDownLatch(1);
        llm.enqueue(
                ScriptedReply.toolCalls(call("call_oslo", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Lives in Oslo.\"}"))
                        .heldUntil(firstStep),
                ScriptedReply.text("Noted: Oslo."));

        Reading starter = read(replicaB.url() + "/v1/conversations/" + conversation + "/messages", Map.of("background", true,
                "messages", List.of(Map.of("role", "user", "content", "I live in Oslo."))));
        String run = firstRunId(starter.lines());
        assertTrue(llm.awaitRequests(1, WAIT), "the run is in its first step on replica B");

        new ProcessBuilder("kill", "-TERM", String.valueOf(replicaB.pid())).inheritIO().start().waitFor();
        assertEquals(503, firstAnswerNotReady(replicaB.url()));
        firstStep.countDown();

        starter.reader().join(Duration.ofMinutes(2));
        assertTrue(replicaB.awaitExit(GRACE.plus(DELAY).plusSeconds(10)), "replica B exits within its grace period");
        assertTrue(replicaB.output().contains("run " + run + " handed over after 1 step(s)"), replicaB.output());
        JsonNode finished = RunChecks.awaitEnd(engram, run, WAIT);
        assertEquals("completed", finished.path("status").asText(), finished.toPrettyString());
        assertEquals(conversation, finished.path("conversation_id").asText(), finished.toPrettyString());

        // resumed on replica A through the conversation, from the start and from the first step's tool call
        HttpResponse<String> whole = engram.post("/v1/conversations/" + conversation + "/stream", Map.of("run_id", run, "starting_after", 0));
        assertEquals(200, whole.statusCode(), whole.body());
        List<Long> all = seqIds(whole.body());
        assertEquals(all.stream().distinct().sorted().toList(), all, "each frame once, in order: " + whole.body());
        assertEquals(List.of("tool_call_message", "tool_return_message", "assistant_message", "stop_reason", "usage_statistics"),
                dataFrames(whole.body()).stream().map(f -> f.path("message_type").asText()).filter(t -> !"ping".equals(t)).toList(),
                whole.body());
        assertTrue(whole.body().endsWith("data: [DONE]\n\n"), whole.body());
        String starterBody = starter.soFar();
        assertEquals(all, seqIds(starterBody), "the starting client on B got the whole run once: " + starterBody);
        long cursor = dataFrames(whole.body()).stream().filter(f -> "tool_return_message".equals(f.path("message_type").asText()))
                .findFirst().orElseThrow().path("seq_id").asLong();
        HttpResponse<String> rest = engram.post("/v1/conversations/" + conversation + "/stream", Map.of("run_id", run, "starting_after", cursor));
        assertEquals(200, rest.statusCode(), rest.body());
        assertEquals(all.stream().filter(seq -> seq > cursor).toList(), seqIds(rest.body()), rest.body());

        // the conversation holds the turn once, in order; the agent's memory has the edit once
        List<String> kinds = new ArrayList<>();
        engram.json(engram.get("/v1/conversations/" + conversation + "/messages?order=asc&limit=100"))
                .forEach(m -> kinds.add(m.path("message_type").asText()));
        assertEquals(List.of("user_message", "tool_call_message", "tool_return_message", "assistant_message"),
                kinds.stream().filter(k -> !"system_message".equals(k)).toList(), kinds.toString());
        String human = engram.json(engram.get("/v1/agents/" + agent + "/core-memory/blocks/human")).path("value").asText();
        assertEquals(1, human.split("Lives in Oslo\\.", -1).length - 1, human);
        assertEquals(2, llm.requestCount(), "each step asked the LLM once");
    }

    /** A stream read on a thread of its own: its lines as they come, and all of it so far. */
    private record Reading(java.util.concurrent.BlockingQueue<String> lines, StringBuilder all, Thread reader) {
        String soFar() {
            synchronized (all) {
                return all.toString();
            }
        }
    }

    /** POSTs {@code body} and reads the answer's lines as they come (200 asserted). */
    private Reading read(String url, Object body) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> started = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Engram.JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, started.statusCode());
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        StringBuilder all = new StringBuilder();
        Thread reader = new Thread(() -> started.body().forEach(line -> {
            synchronized (all) {
                all.append(line).append('\n');
            }
            lines.add(line);
        }));
        reader.setDaemon(true);
        reader.start();
        return new Reading(lines, all, reader);
    }

    /** The JSON of each {@code data:} frame of an SSE body ({@code [DONE]} left out). */
    private static List<JsonNode> dataFrames(String body) throws IOException {
        List<JsonNode> frames = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: {")) {
                frames.add(Engram.JSON.readTree(line.substring("data: ".length())));
            }
        }
        return frames;
    }

    /** The {@code seq_id}s of a background stream's frames but pings (a keep-alive ping repeats the last one), in order. */
    private static List<Long> seqIds(String body) throws IOException {
        return dataFrames(body).stream().filter(f -> f.hasNonNull("seq_id") && !"ping".equals(f.path("message_type").asText()))
                .map(f -> f.path("seq_id").asLong()).toList();
    }

    /** The run id a background stream names in its first frames. */
    private static String firstRunId(java.util.concurrent.BlockingQueue<String> lines) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith("data: {")) {
                String run = Engram.JSON.readTree(line.substring("data: ".length())).path("run_id").asText();
                if (run.startsWith("run-")) {
                    return run;
                }
            }
        }
        return fail("the stream named no run");
    }

    private java.util.concurrent.CompletableFuture<HttpResponse<String>> send(String baseUrl, String agent, String text) throws Exception {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/agents/" + agent + "/messages"))
                .timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Engram.JSON.writeValueAsString(
                        Map.of("messages", List.of(Map.of("role", "user", "content", text)))))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The agent's runs not ended yet, oldest first. */
    private List<String> activeRunsOf(String agent) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode r : engram.json(engram.get("/v1/runs/?agent_id=" + agent + "&active=true&order=asc&limit=100"))) {
            out.add(r.path("id").asText());
        }
        return out;
    }

    private void awaitRuns(String agent, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (activeRunsOf(agent).size() < count) {
            if (System.nanoTime() > deadline) {
                fail("the agent never had " + count + " runs under way: " + activeRunsOf(agent));
            }
            Thread.sleep(100);
        }
    }

    private static void awaitOutput(ServiceProcess process, String text) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!process.output().contains(text)) {
            if (System.nanoTime() > deadline) {
                fail("no '" + text + "' in: " + process.output());
            }
            Thread.sleep(100);
        }
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

    /**
     * Starts replica B with an agent and sends it {@code route} (under the agent) telling it the user lives in
     * {@code city}: the first step (a memory edit) is held until B has been sent SIGTERM and reports not ready, the
     * second answers "Noted: city.". Returns what B's client finally received.
     */
    private HttpResponse<String> sendToReplicaBAndStopItInTheFirstStep(String route, String city) throws Exception {
        replicaB = startReplicaB();
        String agent = createAgent(replicaB.url());
        CountDownLatch firstStep = new CountDownLatch(1);
        llm.enqueue(
                ScriptedReply.toolCalls(call("call_" + city.toLowerCase(java.util.Locale.ROOT), "memory_insert",
                        "{\"label\": \"human\", \"new_string\": \"Lives in " + city + ".\"}")).heldUntil(firstStep),
                ScriptedReply.text("Noted: " + city + "."));
        var answer = http.sendAsync(HttpRequest.newBuilder(URI.create(replicaB.url() + "/v1/agents/" + agent + route))
                .timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Engram.JSON.writeValueAsString(
                        Map.of("messages", List.of(Map.of("role", "user", "content", "I live in " + city + ".")))))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(llm.awaitRequests(1, WAIT), "the run is in its first step on replica B");
        new ProcessBuilder("kill", "-TERM", String.valueOf(replicaB.pid())).inheritIO().start().waitFor();
        assertEquals(503, firstAnswerNotReady(replicaB.url()));
        firstStep.countDown();
        return answer.get(2, java.util.concurrent.TimeUnit.MINUTES);
    }
}
