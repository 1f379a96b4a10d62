package dev.engram.agent.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Db;
import dev.engram.agent.support.Sse;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Conversations: threads of one agent with windows of their own, sharing its blocks (but for isolated copies) and its
 * searchable history; the default conversation is the agent's own thread; one step at a time per conversation.
 */
@QuarkusTest
class ConversationsTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    private static String create(String agent, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).queryParam("agent_id", agent).body(body).post("/v1/conversations/").then()
                .statusCode(200).body("agent_id", equalTo(agent)).body("id", startsWith("conv-")).extract().path("id");
    }

    private static ValidatableResponse send(String conversation, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/conversations/{id}/messages", conversation).then();
    }

    private static Map<String, Object> user(String text) {
        Map<String, Object> body = new HashMap<>(Map.of("messages", List.of(Map.of("role", "user", "content", text))));
        body.put("streaming", false);
        return body;
    }

    private static JsonNode systemOf(JsonNode request) {
        return request.path("messages").get(0).path("content");
    }

    @Test
    void a_conversation_has_its_own_window_and_system_message_but_shares_the_agents_blocks() {
        String agent = Agents.create();
        String conv = create(agent, Map.of("summary", "planning"));
        given().get("/v1/conversations/{id}", conv).then().statusCode(200).body("summary", equalTo("planning"))
                .body("in_context_message_ids", hasSize(1)).body("isolated_block_ids", hasSize(0));

        llm.enqueue(ScriptedReply.toolCalls(call("c1", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Plans a trip.\"}")),
                ScriptedReply.text("Have fun."));
        send(conv, user("I plan a trip.")).statusCode(200).body("stop_reason.stop_reason", equalTo("end_turn"))
                .body("messages.message_type", contains("tool_call_message", "tool_return_message", "assistant_message"));
        assertTrue(systemOf(llm.requests().getFirst().body()).asText().contains("- CONVERSATION_ID: " + conv));

        // the shared block changed for the agent too; the agent's own window does not hold the conversation's messages
        assertTrue(Agents.blockValue(agent, "human").contains("Plans a trip."));
        given().get("/v1/agents/{id}", agent).then().body("message_ids", hasSize(1));
        given().get("/v1/conversations/{id}", conv).then().body("in_context_message_ids", hasSize(5));
        given().queryParam("order", "asc").get("/v1/conversations/{id}/messages", conv).then()
                .body("message_type", contains("system_message", "user_message", "tool_call_message", "tool_return_message", "assistant_message"));

        // the agent's own thread runs next with the block as it is now
        llm.enqueue(ScriptedReply.text("Sure."));
        Agents.send(agent, "hello").statusCode(200);
        JsonNode own = llm.requests().get(2).body();
        assertTrue(systemOf(own).asText().contains("- CONVERSATION_ID: default"), systemOf(own).asText());
        assertTrue(systemOf(own).asText().contains("Plans a trip."), "a stale system message is recompiled as the run starts");
        assertEquals(2, own.path("messages").size(), "the agent's window: system and the new message only");

        given().queryParam("conversation_id", conv).get("/v1/runs/").then().body("conversation_id", hasItem(conv)).body("", hasSize(1));
        given().queryParam("conversation_id", "default").queryParam("agent_id", agent).get("/v1/runs/").then()
                .body("conversation_id", contains(nullValue()));
    }

    @Test
    void isolated_blocks_are_private_copies_edited_within_their_conversation_only() {
        String agent = Agents.create();
        String conv = create(agent, Map.of("isolated_block_labels", List.of("human")));
        JsonNode created = given().get("/v1/conversations/{id}", conv).then().extract().as(JsonNode.class);
        String copy = created.path("isolated_block_ids").get(0).asText();
        given().get("/v1/blocks/{id}", copy).then().statusCode(200).body("label", equalTo("human"))
                .body("value", equalTo("Role: founder. Prefers short answers."));

        llm.enqueue(ScriptedReply.toolCalls(call("c1", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Secret plan.\"}")),
                ScriptedReply.text("ok"));
        send(conv, user("note my secret")).statusCode(200);
        given().get("/v1/blocks/{id}", copy).then().body("value", containsString("Secret plan."));
        assertFalse(Agents.blockValue(agent, "human").contains("Secret plan."), "the agent's own block is untouched");

        String other = create(agent, Map.of());
        llm.enqueue(ScriptedReply.text("hi"));
        send(other, user("hello")).statusCode(200);
        assertFalse(systemOf(llm.requests().getLast().body()).asText().contains("Secret plan."), "other threads see the shared block");

        given().delete("/v1/conversations/{id}", conv).then().statusCode(200);
        given().get("/v1/conversations/{id}", conv).then().statusCode(404);
        given().get("/v1/blocks/{id}", copy).then().statusCode(404);
    }

    @Test
    void unknown_isolated_labels_and_bad_ids_are_refused_and_nothing_is_left() {
        String agent = Agents.create();
        given().contentType(ContentType.JSON).queryParam("agent_id", agent).body(Map.of("isolated_block_labels", List.of("nope")))
                .post("/v1/conversations/").then().statusCode(400).body("detail", containsString("Block with label 'nope' not found"));
        given().queryParam("agent_id", agent).get("/v1/conversations/").then().body("", hasSize(0));
        given().contentType(ContentType.JSON).queryParam("agent_id", "agent-00000000-0000-4000-8000-000000000000").body(Map.of())
                .post("/v1/conversations/").then().statusCode(404);
        given().contentType(ContentType.JSON).queryParam("agent_id", agent).body(Map.of("model", "gpt-4o"))
                .post("/v1/conversations/").then().statusCode(422).body("detail", startsWith("model:"));
        given().get("/v1/conversations/{id}", "conv-00000000-0000-4000-8000-000000000000").then().statusCode(404);
        given().get("/v1/conversations/{id}", "not-a-conversation").then().statusCode(422);
        send("conv-00000000-0000-4000-8000-000000000000", user("hi")).statusCode(404);
        send("default", user("hi")).statusCode(404);
    }

    @Test
    void the_default_conversation_is_the_agents_own_thread() {
        String agent = Agents.create();
        Map<String, Object> body = user("hi there");
        body.put("agent_id", agent);
        llm.enqueue(ScriptedReply.text("Hello."));
        send("default", body).statusCode(200).body("messages[0].content", equalTo("Hello."));
        given().get("/v1/agents/{id}", agent).then().body("message_ids", hasSize(3));
        given().queryParam("agent_id", agent).get("/v1/conversations/default/messages").then().statusCode(200)
                .body("message_type", hasItem("assistant_message"));
    }

    @Test
    void sending_streams_by_default_and_a_background_stream_resumes_through_the_conversation() {
        String agent = Agents.create();
        String conv = create(agent, Map.of());
        llm.enqueue(ScriptedReply.text("Streamed."));
        Map<String, Object> body = new HashMap<>(Map.of("messages", List.of(Map.of("role", "user", "content", "stream please",
                "otid", "11111111-2222-4333-8444-555555555555"))));
        body.put("background", true);
        String raw = given().contentType(ContentType.JSON).body(body).post("/v1/conversations/{id}/messages", conv).then().statusCode(200)
                .extract().asString();
        List<Sse.Frame> frames = Sse.parse(raw);
        assertTrue(frames.getLast().done(), raw);
        String runId = frames.getFirst().json().path("run_id").asText();
        given().get("/v1/runs/{id}", runId).then().body("conversation_id", equalTo(conv)).body("background", equalTo(true));
        given().get("/v1/conversations/{id}", conv).then().body("last_message_at", not(nullValue()));

        String byOtid = given().contentType(ContentType.JSON).body(Map.of("otid", "11111111-2222-4333-8444-555555555555"))
                .post("/v1/conversations/{id}/stream", conv).then().statusCode(200).extract().asString();
        assertEquals(frames.stream().map(Sse.Frame::data).toList(), Sse.parse(byOtid).stream().map(Sse.Frame::data).toList());
        given().contentType(ContentType.JSON).body(Map.of()).post("/v1/conversations/{id}/stream", conv).then().statusCode(400)
                .body("detail", equalTo("INVALID_ARGUMENT: No active runs found for this conversation."));
    }

    @Test
    void fork_continues_from_the_windows_messages_with_a_system_message_of_its_own() {
        String agent = Agents.create();
        String conv = create(agent, Map.of("model", "openai/gpt-4o-mini"));
        llm.enqueue(ScriptedReply.text("Noted, blue."));
        send(conv, user("My color is blue.")).statusCode(200);
        JsonNode source = given().get("/v1/conversations/{id}", conv).then().extract().as(JsonNode.class);

        String fork = given().post("/v1/conversations/{id}/fork", conv).then().statusCode(200)
                .body("model", equalTo("openai/gpt-4o-mini")).extract().path("id");
        JsonNode forked = given().get("/v1/conversations/{id}", fork).then().extract().as(JsonNode.class);
        List<String> sourceIds = Sse.JSON.convertValue(source.path("in_context_message_ids"), List.class);
        List<String> forkIds = Sse.JSON.convertValue(forked.path("in_context_message_ids"), List.class);
        assertEquals(sourceIds.subList(1, sourceIds.size()), forkIds.subList(1, forkIds.size()), "the history is shared");
        assertFalse(sourceIds.getFirst().equals(forkIds.getFirst()), "with a system message of its own");

        llm.enqueue(ScriptedReply.text("Blue."));
        send(fork, user("What is my color?")).statusCode(200);
        JsonNode request = llm.requests().getLast().body();
        assertTrue(request.path("messages").toString().contains("My color is blue."), request.toString());
        assertTrue(systemOf(request).asText().contains("- CONVERSATION_ID: " + fork));
        // deleting the source keeps what the fork still holds
        given().delete("/v1/conversations/{id}", conv).then().statusCode(200);
        given().queryParam("order", "asc").get("/v1/conversations/{id}/messages", fork).then().statusCode(200)
                .body("find { it.message_type == 'user_message' }.content", equalTo("My color is blue."));
    }

    @Test
    void conversations_list_update_and_page() {
        String agent = Agents.create();
        String a = create(agent, Map.of("summary", "alpha trip"));
        String b = create(agent, Map.of("summary", "beta budget"));
        String c = create(agent, Map.of("summary", "gamma trip"));
        given().queryParam("agent_id", agent).get("/v1/conversations/").then().body("id", contains(c, b, a));
        given().queryParam("agent_id", agent).queryParam("summary_search", "TRIP").get("/v1/conversations/").then()
                .body("id", contains(c, a));
        given().queryParam("agent_id", agent).queryParam("limit", 1).queryParam("after", c).get("/v1/conversations/").then()
                .body("id", contains(b));
        given().queryParam("agent_id", agent).queryParam("after", "garbage").get("/v1/conversations/").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("summary", "beta plan")).patch("/v1/conversations/{id}", b).then()
                .statusCode(200).body("summary", equalTo("beta plan"));
        given().queryParam("agent_id", agent).queryParam("order_by", "last_message_at").get("/v1/conversations/").then().statusCode(200);
        given().queryParam("order_by", "title").get("/v1/conversations/").then().statusCode(422);
    }

    @Test
    void one_step_at_a_time_per_conversation_and_conversations_run_side_by_side() throws Exception {
        String agent = Agents.create();
        String first = create(agent, Map.of());
        String second = create(agent, Map.of());
        CountDownLatch hold = new CountDownLatch(1);
        llm.enqueue(ScriptedReply.text("slow").heldUntil(hold));
        CompletableFuture<Integer> slow = CompletableFuture.supplyAsync(() -> send(first, user("take your time")).extract().statusCode());
        // the other conversation of the same agent is not held up
        long deadline = System.currentTimeMillis() + 10_000;
        while (llm.requests().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        llm.enqueue(ScriptedReply.text("quick"));
        send(second, user("quick one")).statusCode(200).body("messages[0].content", equalTo("quick"));
        hold.countDown();
        assertEquals(200, slow.get());
    }

    @Test
    void compact_recompile_cancel_and_preview() {
        String agent = Agents.create();
        String conv = create(agent, Map.of());
        given().contentType(ContentType.JSON).body(Map.of()).post("/v1/conversations/{id}/compact", conv).then().statusCode(400)
                .body("detail", startsWith("Summarization failed to reduce the number of messages."));
        String prompt = given().contentType(ContentType.JSON).queryParam("dry_run", true).body(Map.of())
                .post("/v1/conversations/{id}/recompile", conv).then().statusCode(200).extract().as(String.class);
        assertTrue(prompt.contains("- CONVERSATION_ID: " + conv), prompt);
        given().post("/v1/conversations/{id}/cancel", conv).then().statusCode(409)
                .body("detail", equalTo("CONFLICT: No active runs to cancel for conversation " + conv));
        JsonNode payload = given().contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "user", "content", "peek"))))
                .post("/v1/conversations/{id}/messages/preview-raw-payload", conv).then().statusCode(200).extract().as(JsonNode.class);
        assertEquals("gpt-4o-mini", payload.path("model").asText());
        assertEquals("peek", payload.path("messages").get(payload.path("messages").size() - 1).path("content").asText());
        assertTrue(payload.path("tools").size() > 0);
        assertTrue(llm.requests().isEmpty(), "a preview calls no model");
    }

    @Test
    void another_organizations_conversation_is_404() {
        String agent = Agents.create();
        String conv = create(agent, Map.of());
        Db.update("UPDATE agent.conversations SET organization_id = 'org-00000000-0000-4000-8000-0000000000ff' WHERE id = ?", conv);
        given().get("/v1/conversations/{id}", conv).then().statusCode(404);
        send(conv, user("hi")).statusCode(404);
        given().delete("/v1/conversations/{id}", conv).then().statusCode(404);
    }
}
