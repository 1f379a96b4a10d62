package dev.engram.agent.message;

import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class OrgMessagesTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    /** A word no other test uses, so that a search finds only this test's messages. */
    private static String word() {
        Random random = new Random();
        StringBuilder out = new StringBuilder("zq");
        for (int i = 0; i < 10; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }

    /** The newest message of the organization now, or null: a cursor after which only what follows is listed. */
    private static String newest() {
        List<String> ids = given().queryParam("limit", 1).get("/v1/messages").then().statusCode(200).extract().path("id");
        return ids.isEmpty() ? null : ids.getFirst();
    }

    private static ValidatableResponse listAfter(String cursor, Map<String, Object> query) {
        Map<String, Object> q = new HashMap<>(query);
        q.put("order", "asc");
        if (cursor != null) {
            q.put("after", cursor);
        }
        return given().queryParams(q).get("/v1/messages/").then();
    }

    private static String chat(String text, String reply) {
        String agent = Agents.create();
        Suite.get().llm.enqueue(ScriptedReply.text(reply));
        Agents.send(agent, text).statusCode(200);
        return agent;
    }

    @Test
    void every_agents_messages_list_with_cursors_and_filters() {
        String cursor = newest();
        String first = chat("Hello from the first agent.", "Hi, first.");
        String second = chat("Hello from the second agent.", "Hi, second.");

        listAfter(cursor, Map.of()).statusCode(200)
                .body("message_type", contains("system_message", "user_message", "assistant_message",
                        "system_message", "user_message", "assistant_message"))
                .body("[1].content", equalTo("Hello from the first agent."))
                .body("[2].content", equalTo("Hi, first."))
                .body("[5].content", equalTo("Hi, second."));
        listAfter(cursor, Map.of("include_return_message_types", "assistant_message")).body("content", contains("Hi, first.", "Hi, second."));
        listAfter(cursor, Map.of("conversation_id", "default")).body("", hasSize(6));
        listAfter(cursor, Map.of("conversation_id", "conv-" + UUID.randomUUID())).statusCode(200).body("", hasSize(0));
        listAfter(cursor, Map.of("conversation_id", "not-a-conversation")).statusCode(200).body("", hasSize(0));

        // the paginator's walk: pages of two, each after the last id of the one before, exactly once over the six
        List<String> walked = new ArrayList<>();
        String after = cursor;
        for (int page = 0; page < 5; page++) {
            List<String> ids = listAfter(after, Map.of("limit", 2)).statusCode(200).extract().path("id");
            if (ids.isEmpty()) {
                break;
            }
            walked.addAll(ids);
            after = ids.getLast();
        }
        assertEquals(6, walked.size(), walked.toString());
        List<String> newestFirst = given().queryParam("limit", 3).get("/v1/messages").then().extract().path("id");
        assertEquals(walked.reversed().subList(0, 3), newestFirst);
        // newest first, "before" is the newer side
        given().queryParam("before", walked.get(4)).queryParam("limit", 1).get("/v1/messages").then()
                .body("id", contains(walked.get(5)));
        listAfter(null, Map.of("before", walked.get(1), "after", walked.get(0))).body("", hasSize(0));
        listAfter(walked.get(0), Map.of("before", walked.get(2))).body("id", contains(walked.get(1)));

        String unknown = "message-" + UUID.randomUUID();
        given().queryParam("after", unknown).get("/v1/messages").then().statusCode(404)
                .body("detail", equalTo("after: No message found with id " + unknown));
        given().queryParam("limit", 0).get("/v1/messages").then().statusCode(422).body("detail", containsString("limit"));
        given().queryParam("order", "sideways").get("/v1/messages").then().statusCode(422).body("detail", containsString("order"));
        assertEquals(2, List.of(first, second).stream().distinct().count());
    }

    @Test
    void one_message_shows_as_its_letta_messages_decided_by_its_agents_type() {
        String cursor = newest();
        chat("Which framework?", "Nuxt, for sure.");
        String reply = listAfter(cursor, Map.of("include_return_message_types", "assistant_message")).extract().path("[0].id");
        given().get("/v1/messages/{id}", reply).then().statusCode(200)
                .body("message_type", contains("assistant_message")).body("[0].content", equalTo("Nuxt, for sure."))
                .body("[0].id", equalTo(reply));

        Map<String, Object> memgpt = Agents.quickStart();
        memgpt.put("agent_type", "memgpt_v2_agent");
        String agent = Agents.create(memgpt);
        llm.enqueue(ScriptedReply.text("The user greets me.").withToolCalls(call("call_1", "send_message", "{\"message\": \"Hello!\"}")));
        Agents.send(agent, "Hi there").statusCode(200);
        List<String> ids = given().queryParam("order", "asc").get("/v1/agents/{id}/messages", agent).then().statusCode(200)
                .extract().path("findAll { it.message_type == 'assistant_message' }.id");
        given().get("/v1/messages/{id}", ids.getLast()).then().statusCode(200)
                .body("message_type", contains("reasoning_message", "assistant_message"))
                .body("[0].reasoning", equalTo("The user greets me."))
                .body("[1].content", equalTo("Hello!"));

        String unknown = "message-" + UUID.randomUUID();
        given().get("/v1/messages/{id}", unknown).then().statusCode(404).body("detail", equalTo("Message with id " + unknown + " not found."));
        given().get("/v1/messages/{id}", "message-123").then().statusCode(422).body("detail", containsString("message_id"));
    }

    @Test
    void search_all_messages_finds_user_and_assistant_messages_as_list_results() {
        String word = word();
        String agent = chat("Tell me about " + word + " please.", "The " + word + " is a rare bird.");
        chat("Nothing to see here.", "Indeed.");
        given().contentType(ContentType.JSON).body(Map.of("query", word, "search_mode", "hybrid"))
                .post("/v1/messages/search").then().statusCode(200)
                .body("message_type", org.hamcrest.Matchers.containsInAnyOrder("user_message", "assistant_message"))
                .body("agent_id", everyItem(equalTo(agent)))
                .body("conversation_id", everyItem(nullValue()))
                .body("created_at", everyItem(notNullValue()))
                .body("message_id", everyItem(notNullValue()))
                .body("content", hasItem("Tell me about " + word + " please."))
                .body("content", hasItem("The " + word + " is a rare bird."));
        given().contentType(ContentType.JSON).body(Map.of("query", word, "agent_id", Agents.create()))
                .post("/v1/messages/search").then().statusCode(200).body("", hasSize(0));
        given().contentType(ContentType.JSON).body(Map.of("query", word, "agent_id", "agent-" + UUID.randomUUID()))
                .post("/v1/messages/search").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("query", word, "agent_id", "bob"))
                .post("/v1/messages/search").then().statusCode(422).body("detail", containsString("agent_id"));
        given().contentType(ContentType.JSON).body(Map.of("search_mode", "fts")).post("/v1/messages/search").then().statusCode(422)
                .body("detail", equalTo("body.query: Field required"));
        given().contentType(ContentType.JSON).body(Map.of("query", word, "search_mode", "semantic")).post("/v1/messages/search")
                .then().statusCode(422).body("detail", containsString("search_mode"));
        given().contentType(ContentType.JSON).body(Map.of("query", word, "limit", 101)).post("/v1/messages/search").then()
                .statusCode(422).body("detail", containsString("limit"));
        given().contentType(ContentType.JSON).body(Map.of("query", word, "start_date", "soon")).post("/v1/messages/search").then()
                .statusCode(422).body("detail", containsString("start_date"));
        given().contentType(ContentType.JSON).body(Map.of("query", word, "end_date", "2000-01-01")).post("/v1/messages/search").then()
                .statusCode(200).body("", hasSize(0));
    }

    @Test
    void search_messages_answers_raw_messages_with_their_rank_and_filters_by_project() {
        String word = word();
        Map<String, Object> inProject = Agents.quickStart();
        String project = "project-" + UUID.randomUUID();
        inProject.put("project_id", project);
        String agent = Agents.create(inProject);
        llm.enqueue(ScriptedReply.text("Noted: " + word + " twice, " + word + "."));
        Agents.send(agent, "Remember " + word + ".").statusCode(200);
        chat("Also " + word + " elsewhere.", "Fine.");

        given().contentType(ContentType.JSON).body(Map.of("query", word, "roles", List.of("user"), "project_id", project))
                .post("/v1/agents/messages/search").then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].embedded_text", equalTo("Remember " + word + "."))
                .body("[0].fts_rank", is(1))
                .body("[0].vector_rank", nullValue())
                .body("[0].rrf_score", is((float) (1 / 61.0)))
                .body("[0].message.role", equalTo("user"))
                .body("[0].message.agent_id", equalTo(agent))
                .body("[0].message.conversation_id", nullValue())
                .body("[0].message.content[0].type", equalTo("text"))
                .body("[0].message", hasKey("batch_item_id"))
                .body("[0].message", hasKey("tool_calls"))
                .body("[0].message", hasKey("approvals"))
                .body("[0].message.created_at", notNullValue());
        given().contentType(ContentType.JSON).body(Map.of("query", word)).post("/v1/agents/messages/search").then().statusCode(200)
                .body("message.role", contains("assistant", "user", "user"))
                .body("fts_rank", contains(1, 2, 3));
        given().contentType(ContentType.JSON).body(Map.of("roles", List.of("user"), "agent_id", agent, "limit", 1))
                .post("/v1/agents/messages/search").then().statusCode(200)
                .body("[0].fts_rank", nullValue()).body("[0].rrf_score", is(0f))
                .body("[0].embedded_text", equalTo("Remember " + word + "."));
        given().contentType(ContentType.JSON).body(Map.of("query", word, "template_id", "template-" + UUID.randomUUID()))
                .post("/v1/agents/messages/search").then().statusCode(200).body("", hasSize(0));
        given().contentType(ContentType.JSON).body(Map.of("query", word, "roles", List.of("robot")))
                .post("/v1/agents/messages/search").then().statusCode(422).body("detail", containsString("body.roles[0]"));
        given().contentType(ContentType.JSON).body("[]").post("/v1/agents/messages/search").then().statusCode(422);
    }
}
