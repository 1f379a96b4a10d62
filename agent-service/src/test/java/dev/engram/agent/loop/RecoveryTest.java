package dev.engram.agent.loop;

import dev.engram.agent.support.Agents;
import dev.engram.agent.support.StoredRuns;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs left behind by a replica that died, written as that replica would have left them, and picked up by this one:
 * the recovery job notices that no live replica holds their turn and finishes them.
 */
@QuarkusTest
class RecoveryTest {

    private static final String ORG = "org-00000000-0000-4000-8000-000000000000";
    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    private static Connection db() throws Exception {
        var pg = Suite.get().database;
        return DriverManager.getConnection(pg.quarkusDatasourceProperties().get("quarkus.datasource.jdbc.url"), "postgres", "postgres");
    }

    /** As a replica that died mid-run leaves it: running, no live ticket, older than a lease. */
    private static void orphanRun(String run, String agent, String request) {
        StoredRuns.insert(run, agent, "running", request, Duration.ofMinutes(1), false);
    }

    private static String awaitEnd(String run) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        String status = "running";
        while (System.nanoTime() < deadline && ("running".equals(status) || "created".equals(status))) {
            Thread.sleep(200);
            status = given().get("/v1/runs/{id}", run).then().extract().path("status");
        }
        return status;
    }

    @Test
    void a_run_whose_replica_died_before_its_first_step_is_started_over() throws Exception {
        String agent = Agents.create();
        String run = "run-" + UUID.randomUUID();
        llm.enqueue(ScriptedReply.text("Recovered."));
        orphanRun(run, agent, "{\"input\": \"recover me\"}");
        assertEquals("completed", awaitEnd(run));
        given().get("/v1/runs/{id}/messages", run).then().body("message_type", contains("user_message", "assistant_message"))
                .body("[1].content", equalTo("Recovered."));
        var messages = llm.lastRequest().body().path("messages");
        assertEquals("recover me", messages.get(messages.size() - 1).path("content").asText());
    }

    @Test
    void a_step_cut_between_its_tool_call_and_its_commit_applies_the_tool_once() throws Exception {
        String agent = Agents.create();
        String run = "run-" + UUID.randomUUID();
        String step = "step-" + UUID.randomUUID();
        String callId = "call_" + UUID.randomUUID().toString().substring(0, 8);
        // the dead replica had already applied the edit (its key names the step and the tool call) but not committed the step
        given().baseUri(Suite.get().memory.url()).header("X-Engram-Service-Token", Suite.get().serviceToken).contentType(ContentType.JSON).header("Idempotency-Key", "tool:" + step + ":" + callId)
                .body(Map.of("op", "insert", "content", "Uses Nuxt.", "insert_line", -1, "tool_call_id", callId))
                .post("/v1/agents/{id}/blocks/human/edits", agent).then().statusCode(200);
        String assistant = "message-" + UUID.randomUUID();
        String user = "message-" + UUID.randomUUID();
        String plan = """
                {"assistant": {"id": "%s", "agent_id": "%s", "role": "assistant", "content": [],
                  "tool_calls": [{"id": "%s", "type": "function", "function": {"name": "memory_insert",
                    "arguments": "{\\"label\\": \\"human\\", \\"new_string\\": \\"Uses Nuxt.\\"}"}}],
                  "step_id": "%s", "run_id": "%s", "created_at": "2026-01-01T10:00:01Z"},
                 "inputs": [{"id": "%s", "agent_id": "%s", "role": "user", "content": [{"type": "text", "text": "I use Nuxt."}],
                  "run_id": "%s", "created_at": "2026-01-01T10:00:00Z"}],
                 "usage": {"prompt_tokens": 50, "completion_tokens": 5, "total_tokens": 55}}
                """.formatted(assistant, agent, callId, step, run, user, agent, run);
        try (Connection c = db(); PreparedStatement s = c.prepareStatement("INSERT INTO agent.steps (id, organization_id, agent_id, run_id, "
                + "model, model_handle, status, plan, created_at) VALUES (?, ?, ?, ?, 'gpt-4o-mini', 'openai/gpt-4o-mini', 'pending', ?, now())")) {
            s.setString(1, step);
            s.setString(2, ORG);
            s.setString(3, agent);
            s.setString(4, run);
            s.setString(5, plan);
            s.executeUpdate();
        }
        // the run goes in last: the recovery job may pick it up at once; its request as runs store it, nulls written out
        orphanRun(run, agent, "{\"messages\": [{\"role\": \"user\", \"content\": \"I use Nuxt.\"}], \"input\": null, \"client_tools\": null}");
        llm.enqueue(ScriptedReply.text("Noted: Nuxt."));
        assertEquals("completed", awaitEnd(run));
        String human = Agents.blockValue(agent, "human");
        assertEquals(1, human.split("Uses Nuxt\\.", -1).length - 1, "the edit applied once: " + human);
        given().get("/v1/runs/{id}/messages", run).then()
                .body("message_type", contains("user_message", "tool_call_message", "tool_return_message", "assistant_message"))
                .body("[2].status", equalTo("success"))
                .body("[3].content", equalTo("Noted: Nuxt."));
        given().get("/v1/runs/{id}/steps", run).then().body("status", contains("success", "success"));
        // the resumed step's times: its tool call timed where it was finished, no LLM request there (the plan had its answer)
        var times = given().get("/v1/steps/{id}/metrics", step).then().statusCode(200).extract().jsonPath();
        assertTrue(times.getLong("tool_execution_ns") > 0, String.valueOf(times.prettify()));
        assertTrue(times.getLong("step_ns") >= times.getLong("tool_execution_ns"));
        assertNull(times.get("llm_request_ns"));
        // the agent takes the next message, and its history holds every call with its result
        llm.enqueue(ScriptedReply.text("Still here."));
        Agents.send(agent, "hello?").statusCode(200).body("messages[0].content", equalTo("Still here."));
        var sent = llm.lastRequest().body().path("messages");
        List<String> roles = new java.util.ArrayList<>();
        sent.forEach(m -> roles.add(m.path("role").asText()));
        assertEquals(List.of("system", "user", "assistant", "tool", "assistant", "user"), roles);
        assertTrue(sent.get(3).path("content").asText().contains("\"status\": \"OK\""));
    }
}
