package dev.engram.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import org.junit.jupiter.api.AfterAll;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code kill -9} of a service in the middle of a run, then {@code ./engram up}: the run is picked up once the dead
 * replica's lease has expired and ends cleanly, every tool effect applied once, every tool call answered, no message
 * lost or doubled, and the agent takes the next message. The scripted LLM server holds an answer (or an embedding)
 * open so that the kill lands exactly where intended.
 */
class CrashRecoveryIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static ScriptedOpenAiServer llm;
    private static Engram engram;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void up() throws Exception {
        llm = new ScriptedOpenAiServer();
        // a step waits out a memory-service outage for 30 s
        engram = Engram.upWith("crash", llm, Engram.quickRecovery(Map.of("ENGRAM_RUNS_MEMORY_OUTAGE_PATIENCE", "30s")));
    }

    @AfterAll
    static void down() throws Exception {
        Engram.stop(engram, llm);
    }

    @BeforeEach
    void reset() throws Exception {
        llm.reset();
        llm.holdEmbeddings(null);
        restart(); // whatever the previous test killed runs again
    }

    @Test
    void agent_service_killed_while_waiting_on_the_llm_resumes_the_run_on_restart() throws Exception {
        String agent = createAgent();
        CountDownLatch held = new CountDownLatch(1);
        llm.enqueue(ScriptedReply.text("this answer is never delivered").heldUntil(held));

        JsonNode accepted = engram.json(engram.post("/v1/agents/" + agent + "/messages/async",
                Map.of("messages", List.of(Map.of("role", "user", "content", "I moved to Lisbon.")))));
        String run = accepted.path("id").asText();
        assertTrue(run.startsWith("run-"), accepted.toPrettyString());
        assertTrue(llm.awaitRequests(1, WAIT), "the run reached the LLM");

        engram.kill9("agent-service");
        llm.enqueue(
                ScriptedReply.toolCalls(call("call_lisbon", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Lives in Lisbon.\"}")),
                ScriptedReply.text("Noted: Lisbon."));
        held.countDown(); // the held answer goes to a dead connection
        restart();

        JsonNode finished = RunChecks.awaitEnd(engram, run, WAIT);
        assertEquals("completed", finished.path("status").asText(), finished.toPrettyString());
        assertEquals("end_turn", finished.path("stop_reason").asText());
        assertEquals(3, llm.requestCount(), "the cut step was asked again, then the run went on");
        assertEquals(1, occurrences(blockValue(agent, "human"), "Lives in Lisbon."));

        List<JsonNode> history = history(agent);
        assertConsistent(history);
        assertEquals(List.of("system_message", "user_message", "tool_call_message", "tool_return_message", "assistant_message"),
                types(history));
        assertEquals("I moved to Lisbon.", history.get(1).path("content").asText());
        assertEquals("Noted: Lisbon.", history.get(4).path("content").asText());
        assertEquals(2, engram.json(engram.get("/v1/runs/" + run + "/steps")).size(), "the two steps that ran to their commit");
        assertEquals(inContextIds(agent), distinctIds(history), "the agent's window is its whole history, in order");

        assertTakesTheNextMessage(agent);
        RunChecks.assertUsageIsTheStepsSum(engram);
    }

    @Test
    void agent_service_killed_between_tool_execution_and_step_commit_applies_each_tool_once() throws Exception {
        String agent = createAgent();
        llm.enqueue(
                ScriptedReply.toolCalls(
                        call("call_dog", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Has a dog named Rex.\"}"),
                        call("call_rex", "archival_memory_insert", "{\"content\": \"Rex is a border collie, adopted in 2024.\"}")),
                ScriptedReply.text("Rex sounds great."));
        CountDownLatch embedding = new CountDownLatch(1);
        llm.holdEmbeddings(embedding);
        int embeddingsBefore = llm.embeddingCalls();

        // a plain request: its connection dies with the replica, the client learns the run from the runs API
        CompletableFuture<HttpResponse<String>> lost = http.sendAsync(HttpRequest.newBuilder(
                        URI.create(engram.baseUrl() + "/v1/agents/" + agent + "/messages")).timeout(Duration.ofMinutes(3))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Engram.JSON.writeValueAsString(
                        Map.of("messages", List.of(Map.of("role", "user", "content", "I adopted a dog, Rex.")))))).build(),
                HttpResponse.BodyHandlers.ofString());
        await(() -> llm.embeddingCalls() > embeddingsBefore, "the second tool call reached the embedding model");
        assertTrue(blockValueFromMemoryService(agent, "human").contains("Has a dog named Rex."), "the first tool ran");
        JsonNode active = engram.json(engram.get("/v1/runs/active?agent_id=" + agent));
        assertEquals(1, active.size(), active.toPrettyString());
        String run = active.get(0).path("id").asText();

        engram.kill9("agent-service");
        llm.holdEmbeddings(null);
        embedding.countDown(); // the insert the dead replica asked for may land or be dropped with its connection
        assertTrue(lost.handle((r, e) -> e != null || r.statusCode() >= 500).join(), "the client's connection died");
        restart();

        JsonNode finished = RunChecks.awaitEnd(engram, run, WAIT);
        assertEquals("completed", finished.path("status").asText(), finished.toPrettyString());
        assertEquals("end_turn", finished.path("stop_reason").asText());
        assertEquals(2, llm.requestCount(), "the stored plan was carried out again, the LLM was not asked for it twice");

        assertEquals(1, occurrences(blockValue(agent, "human"), "Has a dog named Rex."));
        JsonNode passages = engram.json(engram.get("/v1/agents/" + agent + "/archival-memory"));
        assertEquals(1, passages.size(), passages.toPrettyString());
        assertEquals("Rex is a border collie, adopted in 2024.", passages.get(0).path("text").asText());

        List<JsonNode> history = history(agent);
        assertConsistent(history);
        assertEquals(List.of("system_message", "user_message", "tool_call_message", "tool_return_message", "tool_return_message",
                "assistant_message"), types(history));
        assertEquals(List.of("memory_insert", "archival_memory_insert"), history.get(2).path("tool_calls").findValuesAsText("name"));
        assertEquals(List.of("success", "success"), List.of(history.get(3).path("status").asText(), history.get(4).path("status").asText()));
        assertEquals("Rex sounds great.", history.get(5).path("content").asText());
        assertEquals(inContextIds(agent), distinctIds(history));

        assertTakesTheNextMessage(agent);
        RunChecks.assertUsageIsTheStepsSum(engram);
    }

    @Test
    void memory_service_killed_between_a_tools_edit_and_the_commit_is_waited_out_and_each_effect_lands_once() throws Exception {
        String agent = createAgent();
        llm.enqueue(
                ScriptedReply.toolCalls(
                        call("call_cat", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Has a cat named Miso.\"}"),
                        call("call_miso", "archival_memory_insert", "{\"content\": \"Miso is a grey tabby, born in 2021.\"}")),
                ScriptedReply.text("Miso is a lovely name."));
        CountDownLatch embedding = new CountDownLatch(1);
        llm.holdEmbeddings(embedding);
        int embeddingsBefore = llm.embeddingCalls();
        JsonNode accepted = engram.json(engram.post("/v1/agents/" + agent + "/messages/async",
                Map.of("messages", List.of(Map.of("role", "user", "content", "My cat is called Miso.")))));
        String run = accepted.path("id").asText();
        await(() -> llm.embeddingCalls() > embeddingsBefore, "the second tool call reached the embedding model");
        assertTrue(blockValueFromMemoryService(agent, "human").contains("Has a cat named Miso."), "the first tool's edit is in");

        engram.kill9("memory-service");
        llm.holdEmbeddings(null);
        embedding.countDown();
        Thread.sleep(1_000); // the run meets the outage in its second tool call
        assertEquals("running", engram.json(engram.get("/v1/runs/" + run)).path("status").asText(), "the step waits");
        restart();

        JsonNode finished = RunChecks.awaitEnd(engram, run, WAIT);
        assertEquals("completed", finished.path("status").asText(), finished.toPrettyString());
        assertEquals(2, llm.requestCount(), "the step went on where it was; the LLM was not asked again");
        assertEquals(1, occurrences(blockValue(agent, "human"), "Has a cat named Miso."));
        JsonNode passages = engram.json(engram.get("/v1/agents/" + agent + "/archival-memory"));
        assertEquals(1, passages.size(), passages.toPrettyString());
        List<JsonNode> history = history(agent);
        assertConsistent(history);
        assertEquals(List.of("system_message", "user_message", "tool_call_message", "tool_return_message", "tool_return_message",
                "assistant_message"), types(history));
        assertEquals(List.of("success", "success"), List.of(history.get(3).path("status").asText(), history.get(4).path("status").asText()));
        assertEquals(inContextIds(agent), distinctIds(history));

        assertTakesTheNextMessage(agent);
    }

    @Test
    void memory_service_killed_mid_step_fails_the_run_cleanly_once_the_outage_outlasts_the_patience() throws Exception {
        String agent = createAgent();
        List<JsonNode> before = history(agent);
        CountDownLatch held = new CountDownLatch(1);
        llm.enqueue(ScriptedReply.toolCalls(call("call_tea", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Drinks green tea.\"}"))
                .heldUntil(held));

        JsonNode accepted = engram.json(engram.post("/v1/agents/" + agent + "/messages/async",
                Map.of("messages", List.of(Map.of("role", "user", "content", "I only drink green tea.")))));
        String run = accepted.path("id").asText();
        assertTrue(llm.awaitRequests(1, WAIT), "the run reached the LLM");
        engram.kill9("memory-service");
        held.countDown(); // the model asks for a memory edit while memory-service is gone

        JsonNode finished = RunChecks.awaitEnd(engram, run, WAIT);
        assertEquals("failed", finished.path("status").asText(), finished.toPrettyString());
        assertNotEquals("", finished.path("stop_reason").asText(""), "a failed run says why");
        restart();

        // nothing of the failed step was written: no edit, no message, no tool call without its return
        assertEquals(0, occurrences(blockValue(agent, "human"), "Drinks green tea."));
        List<JsonNode> after = history(agent);
        assertConsistent(after);
        assertEquals(types(before), types(after));
        assertEquals(inContextIds(agent), distinctIds(after));

        assertTakesTheNextMessage(agent);
    }

    // --- the invariants

    /**
     * Every tool call has exactly one return and every return a call; no stored message is listed twice (one stored
     * message may be listed as several Letta messages of different types, all under its id).
     */
    private static void assertConsistent(List<JsonNode> history) {
        Map<String, Integer> returns = new HashMap<>();
        List<String> calls = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode m : history) {
            String type = m.path("message_type").asText();
            String key = m.path("id").asText() + "/" + type + "/" + m.path("tool_call_id").asText("");
            assertTrue(seen.add(key), "listed twice: " + m);
            if ("tool_call_message".equals(type)) {
                m.path("tool_calls").forEach(c -> calls.add(c.path("tool_call_id").asText()));
            } else if ("tool_return_message".equals(type)) {
                returns.merge(m.path("tool_call_id").asText(), 1, Integer::sum);
            }
        }
        for (String call : calls) {
            assertEquals(1, returns.getOrDefault(call, 0), "tool call " + call + " has exactly one return: " + history);
        }
        assertEquals(Set.copyOf(calls), returns.keySet(), "every return answers a call");
    }

    private void assertTakesTheNextMessage(String agent) throws Exception {
        llm.enqueue(ScriptedReply.text("Still here."));
        HttpResponse<String> next = engram.post("/v1/agents/" + agent + "/messages",
                Map.of("messages", List.of(Map.of("role", "user", "content", "Are you there?"))));
        assertEquals(200, next.statusCode(), next.body());
        JsonNode reply = engram.json(next);
        assertEquals("Still here.", reply.path("messages").get(0).path("content").asText(), reply.toPrettyString());
        // the model saw a well-formed history: every assistant tool call followed by its tool results
        JsonNode sent = llm.lastRequest().body().path("messages");
        for (int i = 0; i < sent.size(); i++) {
            JsonNode toolCalls = sent.get(i).path("tool_calls");
            for (int j = 0; j < toolCalls.size(); j++) {
                JsonNode answer = sent.get(i + 1 + j);
                assertEquals("tool", answer.path("role").asText(), sent.toPrettyString());
                assertEquals(toolCalls.get(j).path("id").asText(), answer.path("tool_call_id").asText());
            }
        }
    }

    // --- helpers

    private void restart() throws Exception {
        engram.up();
    }

    private String createAgent() throws Exception {
        HttpResponse<String> r = engram.post("/v1/agents/", Engram.JSON.readTree("""
                {"memory_blocks": [{"label": "human", "value": "Role: founder."},
                                   {"label": "persona", "value": "I am a concise assistant."}],
                 "model": "openai/gpt-4o-mini", "embedding": "openai/text-embedding-3-small",
                 "tools": ["archival_memory_insert"]}"""));
        assertEquals(200, r.statusCode(), r.body());
        return engram.json(r).path("id").asText();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    private List<JsonNode> history(String agent) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        engram.json(engram.get("/v1/agents/" + agent + "/messages?order=asc&limit=1000")).forEach(out::add);
        return out;
    }

    private static List<String> types(List<JsonNode> history) {
        return history.stream().map(m -> m.path("message_type").asText()).toList();
    }

    private static List<String> distinctIds(List<JsonNode> history) {
        return history.stream().map(m -> m.path("id").asText()).distinct().toList();
    }

    private List<String> inContextIds(String agent) throws Exception {
        List<String> ids = new ArrayList<>();
        engram.json(engram.get("/v1/agents/" + agent)).path("message_ids").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private String blockValue(String agent, String label) throws Exception {
        HttpResponse<String> r = engram.get("/v1/agents/" + agent + "/core-memory/blocks/" + label);
        assertEquals(200, r.statusCode(), r.body());
        return engram.json(r).path("value").asText();
    }

    /** memory-service's own API, for the moments when agent-service is dead. */
    private String blockValueFromMemoryService(String agent, String label) {
        JsonNode blocks = memoryService("/v1/agents/" + agent + "/blocks");
        for (JsonNode b : blocks) {
            if (label.equals(b.path("label").asText())) {
                return b.path("value").asText();
            }
        }
        return fail("no block " + label + " in " + blocks);
    }

    private JsonNode memoryService(String path) {
        try {
            HttpResponse<String> r = engram.internalGet(engram.ports().memory(), path, engram.serviceToken());
            assertEquals(200, r.statusCode(), r.body());
            return Engram.JSON.readTree(r.body());
        } catch (Exception e) {
            return fail(e);
        }
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
