package dev.engram.agent.loop;

import dev.engram.agent.agent.MessageCreate;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.message.LettaRequest;
import dev.engram.agent.run.Drain;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Db;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import dev.engram.agent.web.Actor;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run prepared for a request that then failed before the run was started (its stream could not be opened) is given
 * up: closed as an error, its turn given back, no longer counted by the replica's drain; the agent's next message runs
 * at once instead of waiting behind a turn nobody would ever give back.
 */
@QuarkusTest
class AbandonedRunTest {

    private static final Actor ACTOR = new Actor(Actor.DEFAULT_ORG, Actor.DEFAULT_USER);
    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @Inject
    AgentLoop loop;
    @Inject
    Drain drain;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    private static LettaRequest message(String text) {
        return LettaRequest.of(List.of(MessageCreate.of("user", JsonText.MAPPER.getNodeFactory().textNode(text))));
    }

    @Test
    void a_run_prepared_and_never_started_gives_its_turn_back_and_leaves_the_drain() throws Throwable {
        String agent = Agents.create();
        AgentLoop.Prepared prepared = VertxContextSupport.subscribeAndAwait(
                () -> loop.prepare(ACTOR, agent, message("you will never see this"), null, false, null));
        String run = prepared.run().id;
        assertNotNull(prepared.lease(), "the run holds the agent's turn");
        assertTrue(drain.holds(run) && loop.isLocal(run));
        assertEquals(1, Db.queryLong("SELECT count(*) FROM agent.agent_queue WHERE run_id = ?", run));

        VertxContextSupport.subscribeAndAwait(() -> loop.abandon(prepared));

        assertFalse(drain.holds(run), "a stopping replica does not wait for it");
        assertFalse(loop.isLocal(run));
        assertEquals(0, Db.queryLong("SELECT count(*) FROM agent.agent_queue WHERE run_id = ?", run), "its turn is given back");
        given().get("/v1/runs/{id}", run).then().body("status", equalTo("failed")).body("stop_reason", equalTo("error"));
        assertEquals(0, llm.requestCount(), "nothing of it reached the model");

        llm.enqueue(ScriptedReply.text("Right away."));
        Agents.send(agent, "and this one?").statusCode(200).body("messages[0].content", equalTo("Right away."));
        given().get("/v1/agents/{id}/messages", agent).then()
                .body("findAll { it.message_type == 'user_message' }.content", equalTo(List.of("and this one?")));
    }

    @Test
    void an_async_run_never_started_is_closed_and_a_retry_attached_to_a_run_leaves_it_alone() throws Throwable {
        String agent = Agents.create();
        AgentLoop.Prepared async = VertxContextSupport.subscribeAndAwait(
                () -> loop.prepare(ACTOR, agent, message("later"), "abandon-key", true, null));
        AgentLoop.Prepared retry = VertxContextSupport.subscribeAndAwait(
                () -> loop.prepare(ACTOR, agent, message("later"), "abandon-key", true, null));
        assertTrue(retry.attached(), "the retry found the first request's run");

        VertxContextSupport.subscribeAndAwait(() -> loop.abandon(retry));
        assertTrue(drain.holds(async.run().id), "abandoning the retry leaves the run it attached to as it was");
        given().get("/v1/runs/{id}", async.run().id).then().body("status", equalTo("created"));

        VertxContextSupport.subscribeAndAwait(() -> loop.abandon(async));
        assertFalse(drain.holds(async.run().id));
        given().get("/v1/runs/{id}", async.run().id).then().body("status", equalTo("failed"));
        assertEquals(0, llm.requestCount());
    }
}
