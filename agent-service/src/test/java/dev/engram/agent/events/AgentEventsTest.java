package dev.engram.agent.events;

import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's change feed: a block edited by the agent's memory tool and through the block routes, passages inserted
 * and deleted, run status changes, each arriving on the open feed as it happens; only the agent's own events, and
 * only the organization's agents.
 */
@QuarkusTest
class AgentEventsTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    @Test
    void a_memory_tool_edit_reaches_the_open_feed_with_its_tool_call_and_the_runs_status_changes() throws Exception {
        String agent = Agents.create();
        try (EventFeed feed = EventFeed.open(agent)) {
            assertEquals(200, feed.status());
            assertEquals(agent, feed.next("ready", d -> true).data().path("agent_id").asText());
            llm.enqueue(ScriptedReply.toolCalls(call("call_feed_1", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Likes tea.\"}")),
                    ScriptedReply.text("Noted."));
            String run = Agents.send(agent, "I like tea").statusCode(200).extract().path("messages[0].run_id");

            var created = feed.next("run_status", d -> d.path("run").path("status").asText().equals("created"));
            assertEquals(agent, created.data().path("agent_id").asText());
            String runId = created.data().path("run").path("id").asText();
            if (run != null) {
                assertEquals(run, runId);
            }
            feed.next("run_status", d -> d.path("run").path("id").asText().equals(runId) && d.path("run").path("status").asText().equals("running"));
            var block = feed.next("block_updated", d -> "call_feed_1".equals(d.path("tool_call_id").asText()));
            assertEquals("human", block.data().path("block").path("label").asText());
            assertTrue(block.data().path("block").path("value").asText().contains("Likes tea."), block.data().toString());
            assertEquals("tool", block.data().path("source").asText());
            var done = feed.next("run_status", d -> d.path("run").path("id").asText().equals(runId)
                    && d.path("run").path("status").asText().equals("completed"));
            assertEquals("end_turn", done.data().path("run").path("stop_reason").asText());
            assertTrue(done.data().has("organization_id") == false, "the feed does not repeat the organization");
        }
    }

    @Test
    void block_route_edits_reach_the_feeds_of_every_agent_using_the_block() throws Exception {
        String block = given().contentType(ContentType.JSON).body(Map.of("label", "team", "value", "Five people."))
                .post("/v1/blocks/").then().statusCode(200).extract().path("id");
        Map<String, Object> body = Agents.quickStart();
        body.put("block_ids", List.of(block));
        String first = Agents.create(body);
        String second = Agents.create(body);
        try (EventFeed a = EventFeed.open(first); EventFeed b = EventFeed.open(second)) {
            a.next("ready", d -> true);
            b.next("ready", d -> true);
            given().contentType(ContentType.JSON).body(Map.of("value", "Six people.")).patch("/v1/blocks/{id}", block).then().statusCode(200);
            for (EventFeed feed : List.of(a, b)) {
                var e = feed.next("block_updated", d -> d.path("block").path("id").asText().equals(block));
                assertEquals("Six people.", e.data().path("block").path("value").asText());
                assertEquals("api", e.data().path("source").asText());
            }
            given().contentType(ContentType.JSON).body(Map.of("value", "Role: investor."))
                    .patch("/v1/agents/{id}/core-memory/blocks/human", first).then().statusCode(200);
            var own = a.next("block_updated", d -> d.path("block").path("label").asText().equals("human"));
            assertEquals("Role: investor.", own.data().path("block").path("value").asText());
            assertTrue(b.drain().stream().noneMatch(e -> e.data().path("block").path("label").asText().equals("human")),
                    "the other agent's feed shows no edit of a block it does not use");
        }
    }

    @Test
    void a_value_too_large_for_a_notification_goes_without_it_marked_truncated() throws Exception {
        String agent = Agents.create();
        String big = "tea ".repeat(2_500); // 10,000 characters: over PostgreSQL's 8,000-byte NOTIFY payload
        try (EventFeed feed = EventFeed.open(agent)) {
            feed.next("ready", d -> true);
            given().contentType(ContentType.JSON).body(Map.of("value", big))
                    .patch("/v1/agents/{id}/core-memory/blocks/human", agent).then().statusCode(200);
            var e = feed.next("block_updated", d -> d.path("block").path("label").asText().equals("human"));
            assertTrue(e.data().path("truncated").asBoolean(), e.data().toString());
            assertTrue(e.data().path("block").path("value").isMissingNode(), "the value is left out");
            String blockId = e.data().path("block").path("id").asText();
            assertEquals(big, given().get("/v1/blocks/{id}", blockId).then().statusCode(200).extract().path("value"));
        }
    }

    @Test
    void archival_inserts_and_deletes_reach_the_feed() throws Exception {
        String agent = Agents.create();
        try (EventFeed feed = EventFeed.open(agent)) {
            feed.next("ready", d -> true);
            String passage = given().contentType(ContentType.JSON).body(Map.of("text", "The launch is on Friday."))
                    .post("/v1/agents/{id}/archival-memory", agent).then().statusCode(200).extract().path("[0].id");
            var created = feed.next("passage_created", d -> d.path("passage").path("id").asText().equals(passage));
            assertEquals("The launch is on Friday.", created.data().path("passage").path("text").asText());
            given().delete("/v1/agents/{id}/archival-memory/{pid}", agent, passage).then().statusCode(200);
            feed.next("passage_deleted", d -> d.path("passage").path("id").asText().equals(passage));
        }
    }

    @Test
    void another_organizations_agent_has_no_feed_and_a_malformed_id_is_named() {
        String foreign = Agents.ofAnotherOrganization();
        given().get("/v1/agents/{id}/events", foreign).then().statusCode(404).body("detail", containsString("not found"));
        given().get("/v1/agents/{id}/events", "agent-42").then().statusCode(422).body("detail", containsString("agent_id"));
    }
}
