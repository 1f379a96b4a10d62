package dev.engram.agent.loop;

import dev.engram.agent.health.DrainReadiness;
import dev.engram.agent.run.AgentQueue;
import dev.engram.agent.run.Drain;
import dev.engram.agent.run.DrainConfig;
import dev.engram.agent.run.QueueConfig;
import dev.engram.agent.run.QueueRepository;
import dev.engram.agent.run.RunRepository;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Db;
import dev.engram.agent.support.StoredRuns;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A run a stopping replica handed over at a step boundary (open, its turn given back, marked handed over): a replica
 * that is itself stopping leaves it alone and reports not ready; a running replica takes it over at once, without
 * waiting for any lease, and finishes it. A run still waiting for its turn when its replica stops is handed over at
 * once too, its ticket keeping its place in the agent's queue.
 */
@QuarkusTest
class HandOverTest {

    private static final String ORG = "org-00000000-0000-4000-8000-000000000000";
    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @Inject
    RunRecovery recovery;
    @Inject
    RunRepository runs;
    @Inject
    AgentQueue queue;
    @Inject
    AgentLoop loop;
    @Inject
    DrainConfig config;
    @Inject
    QueueConfig queueConfig;
    @Inject
    QueueRepository tickets;

    /** A run of the agent as a replica stored it just now ({@code handedOver}: marked handed over now); answers its id. */
    private static String insertRun(String agent, String status, String input, boolean handedOver) {
        String run = "run-" + UUID.randomUUID();
        StoredRuns.insert(run, agent, status, dev.engram.agent.json.JsonText.MAPPER.createObjectNode().put("input", input).toString(), Duration.ZERO, handedOver);
        return run;
    }

    @BeforeEach
    void reset() {
        llm.reset();
    }

    @Test
    void a_stopping_replica_claims_no_handed_over_run_and_a_running_one_takes_it_over_at_once() throws Throwable {
        String agent = Agents.create();
        String run = insertRun(agent, "running", "still there?", true);
        llm.enqueue(ScriptedReply.text("Yes, on another replica."));

        Drain stopping = new Drain(config);
        stopping.begin();
        RunRecovery stoppingReplica = new RunRecovery(runs, queue, loop, stopping);
        VertxContextSupport.subscribeAndAwait(stoppingReplica::takeOver);
        VertxContextSupport.subscribeAndAwait(stoppingReplica::recover);
        assertEquals(HealthCheckResponse.Status.DOWN, new DrainReadiness(stopping).call().getStatus());
        assertEquals(0, llm.requestCount(), "the stopping replica started nothing");
        assertEquals(1, Db.queryLong("SELECT count(*) FROM agent.runs WHERE id = ? AND status = 'running' AND handed_over_at IS NOT NULL", run));
        assertEquals(0, Db.queryLong("SELECT count(*) FROM agent.agent_queue WHERE run_id = ?", run), "nor took its turn");

        VertxContextSupport.subscribeAndAwait(() -> recovery.takeOver()); // as its scheduled job calls it
        assertEquals("completed", awaitEnd(run));
        given().get("/v1/runs/{id}/messages", run).then().body("message_type", contains("user_message", "assistant_message"))
                .body("[1].content", equalTo("Yes, on another replica."));
        assertNull(Db.query("SELECT handed_over_at FROM agent.runs WHERE id = ?", run).getFirst().get("handed_over_at"),
                "taken over: no longer waiting for a replica");
        assertEquals(1, llm.requestCount());
    }

    @Test
    void a_run_waiting_for_its_turn_on_a_stopping_replica_is_handed_over_at_once_and_runs_in_its_place_elsewhere() throws Throwable {
        String agent = Agents.create();
        String run = insertRun(agent, "created", "my turn yet?", false);
        llm.enqueue(ScriptedReply.text("Yes, now it is."));
        AgentQueue.Taken ahead = VertxContextSupport.subscribeAndAwait(() -> queue.take(agent, "run-ahead"));

        // the stopping replica's run waits behind the one ahead
        Drain stopping = new Drain(config);
        AgentQueue stoppingQueue = new AgentQueue(queueConfig, tickets, stopping);
        AgentQueue.Taken waiting = VertxContextSupport.subscribeAndAwait(() -> stoppingQueue.take(agent, run));
        stopping.begin();
        AgentQueue.Yielded yielded = assertThrows(AgentQueue.Yielded.class,
                () -> VertxContextSupport.subscribeAndAwait(() -> stoppingQueue.await(waiting, Duration.ofMinutes(10))));
        assertEquals(waiting.lease(), yielded.lease(), "the replica stopped: the run stops waiting there");
        VertxContextSupport.subscribeAndAwait(() -> runs.handOver(run, stoppingQueue.handOver(yielded.lease()), Instant.now()));
        long ticket = waiting.lease().ticket();
        assertEquals(1, Db.queryLong("SELECT count(*) FROM agent.agent_queue WHERE ticket = ? AND run_id = ? AND holder IS NULL", ticket, run),
                "its ticket stays in the queue, held by nobody");
        AgentQueue.Taken behind = VertxContextSupport.subscribeAndAwait(() -> queue.take(agent, "run-behind"));

        VertxContextSupport.subscribeAndAwait(() -> recovery.takeOver());
        assertEquals(1, Db.queryLong("SELECT count(*) FROM agent.agent_queue WHERE ticket = ? AND holder IS NOT NULL", ticket),
                "a running replica holds the same ticket: the run keeps its place");
        assertEquals(0, llm.requestCount(), "the run ahead still holds the agent");

        VertxContextSupport.subscribeAndAwait(() -> queue.release(ahead.lease()));
        assertEquals("completed", awaitEnd(run));
        given().get("/v1/runs/{id}/messages", run).then().body("message_type", contains("user_message", "assistant_message"))
                .body("[1].content", equalTo("Yes, now it is."));
        assertEquals(1, llm.requestCount());
        assertEquals(0, Db.queryLong("SELECT count(*) FROM agent.agent_queue WHERE run_id = ?", run), "its turn given back at its end");
        assertEquals(behind.lease().ticket(), VertxContextSupport.subscribeAndAwait(() -> tickets.head(agent, Instant.now().minusSeconds(60)))
                .ticket(), "the run queued behind it comes next");
        VertxContextSupport.subscribeAndAwait(() -> queue.release(behind.lease()));
    }

    @Test
    void a_handed_over_run_cancelled_before_a_replica_took_it_leaves_the_queue_at_once() throws Throwable {
        String agent = Agents.create();
        String run = insertRun(agent, "created", "never mind", true);
        Db.update("INSERT INTO agent.agent_queue (agent_id, run_id, holder, heartbeat_at, created_at) VALUES (?, ?, NULL, now(), now())",
                agent, run);

        given().contentType(io.restassured.http.ContentType.JSON).body(java.util.Map.of("run_ids", java.util.List.of(run)))
                .post("/v1/agents/{id}/messages/cancel", agent).then().statusCode(200);

        assertEquals(0, Db.queryLong("SELECT count(*) FROM agent.agent_queue WHERE run_id = ?", run),
                "the runs behind it do not wait for its ticket to expire");
        assertEquals(1, Db.queryLong("SELECT count(*) FROM agent.runs WHERE id = ? AND status = 'cancelled' AND handed_over_at IS NULL", run));
    }

    @Test
    void a_message_handed_over_while_it_waited_is_checked_where_it_takes_its_turn_against_a_call_waiting_for_approval()
            throws Throwable {
        String agent = Agents.create();
        java.util.Map<String, Object> readFile = java.util.Map.of("name", "read_file", "description", "Read a file", "parameters",
                java.util.Map.of("type", "object", "properties", java.util.Map.of("path", java.util.Map.of("type", "string"))));
        llm.enqueue(ScriptedReply.toolCalls(ScriptedReply.call("call_wait", "read_file", "{\"path\": \"a\"}")));
        given().contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("messages", java.util.List.of(java.util.Map.of("role", "user", "content", "read a")),
                        "client_tools", java.util.List.of(readFile)))
                .post("/v1/agents/{id}/messages", agent).then().statusCode(200)
                .body("stop_reason.stop_reason", equalTo("requires_approval"));
        int before = given().get("/v1/agents/{id}/messages", agent).then().extract().path("size()");
        // a new message that waited for its turn on a stopping replica, handed over with its ticket before it was checked
        String run = insertRun(agent, "created", "and now something else", true);
        Db.update("INSERT INTO agent.agent_queue (agent_id, run_id, holder, heartbeat_at, created_at) VALUES (?, ?, NULL, now(), now())",
                agent, run);

        VertxContextSupport.subscribeAndAwait(() -> recovery.takeOver());

        assertEquals("failed", awaitEnd(run), "refused where it took its turn, as it would have been where it was sent");
        given().get("/v1/runs/{id}", run).then().body("stop_reason", equalTo("error"))
                .body("metadata.error.message", org.hamcrest.Matchers.containsString("waiting for approval"));
        assertEquals(1, llm.requestCount(), "no model call for the refused message");
        assertEquals(before, (int) given().get("/v1/agents/{id}/messages", agent).then().extract().path("size()"),
                "nothing of it is written");
        assertEquals(0, Db.queryLong("SELECT count(*) FROM agent.agent_queue WHERE run_id = ?", run), "its turn is given back");
        given().queryParam("include", "agent.pending_approval").header("X-Stainless-Package-Version", "1.12.1")
                .get("/v1/agents/{id}", agent).then().body("pending_approval.tool_calls[0].tool_call_id", equalTo("call_wait"));
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
}
