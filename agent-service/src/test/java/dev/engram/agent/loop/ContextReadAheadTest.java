package dev.engram.agent.loop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A message to an idle agent reads the agent's context while it takes the turn, and uses that read only when it has
 * the window version the last run left behind; a change of the window outside a run makes the next message read again.
 */
@QuarkusTest
class ContextReadAheadTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @Inject
    Pool pool;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    @Test
    void an_idle_agents_next_message_reads_its_context_once_and_a_reset_is_never_missed() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.text("One."), ScriptedReply.text("Two."), ScriptedReply.text("Three."));

        Agents.send(agent, "first").statusCode(200);
        long version = memoryVersion(agent);
        assertEquals(version, agentRowVersion(agent), "the run leaves the window version it committed");

        double before = contextReads();
        Agents.send(agent, "second").statusCode(200);
        assertEquals(1, contextReads() - before, "the context read while taking the turn is used");
        assertEquals(List.of("system", "user", "assistant", "user"), roles(llm.lastRequest().body()), "the first exchange is seen");

        given().contentType(ContentType.JSON).body(Map.of()).patch("/v1/agents/{id}/reset-messages", agent).then().statusCode(200);
        assertNull(agentRowVersion(agent), "a change outside a run forgets the version");

        before = contextReads();
        Agents.send(agent, "third").statusCode(200);
        assertEquals(2, contextReads() - before, "an untrusted read-ahead is read again once the run has its turn");
        assertEquals(List.of("system", "user"), roles(llm.lastRequest().body()), "the step sees the window as reset");
        assertEquals(memoryVersion(agent), agentRowVersion(agent));
    }

    private static List<String> roles(JsonNode request) {
        List<String> out = new ArrayList<>();
        request.path("messages").forEach(m -> out.add(m.path("role").asText()));
        return out;
    }

    /** The window version memory-service holds (one PostgreSQL serves the suite in tests). */
    private long memoryVersion(String agent) {
        return pool.preparedQuery("SELECT version FROM memory.agent_contexts WHERE agent_id = $1").execute(Tuple.of(agent))
                .await().indefinitely().iterator().next().getLong("version");
    }

    private Long agentRowVersion(String agent) {
        return pool.preparedQuery("SELECT context_version FROM agent.agents WHERE id = $1").execute(Tuple.of(agent))
                .await().indefinitely().iterator().next().getLong("context_version");
    }

    /** How many context reads agent-service has made of memory-service so far (its HTTP client timer). */
    private static double contextReads() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double count = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("http_client_requests_seconds_count") && line.contains("uri=\"/v1/agents/{agent}/context\"")) {
                count += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return count;
    }
}
