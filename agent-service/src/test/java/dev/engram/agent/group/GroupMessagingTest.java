package dev.engram.agent.group;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedLlmServer;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Messages to a group: who speaks, in which order, and what each agent's model was shown. Each agent's model is
 * scripted by agent (the scripted server reads the agent's id from the system prompt).
 */
@QuarkusTest
class GroupMessagingTest {

    private static final Pattern AGENT_ID = Pattern.compile("AGENT_ID: (agent-[0-9a-f-]{36})");

    private final ScriptedOpenAiServer llm = Suite.get().llm;
    private final Map<String, Function<JsonNode, ScriptedReply>> scripts = new ConcurrentHashMap<>();

    @BeforeEach
    void reset() {
        llm.reset();
        scripts.clear();
        llm.defaultReply(request -> scripts.getOrDefault(agentOf(request), r -> ScriptedReply.text("unscripted")).apply(request));
    }

    private static String agentOf(JsonNode request) {
        Matcher m = AGENT_ID.matcher(request.path("messages").get(0).path("content").asText());
        return m.find() ? m.group(1) : null;
    }

    /** The agents whose model was asked, in order. */
    private List<String> speakers() {
        return llm.requests().stream().map(r -> agentOf(r.body())).toList();
    }

    private List<JsonNode> requestsOf(String agent) {
        return llm.requests().stream().map(ScriptedLlmServer.Received::body).filter(b -> agent.equals(agentOf(b))).toList();
    }

    /** The texts of the conversation the model was shown, system prompt left out. */
    private static List<String> shown(JsonNode request) {
        List<String> out = new ArrayList<>();
        JsonNode messages = request.path("messages");
        for (int i = 1; i < messages.size(); i++) {
            JsonNode content = messages.get(i).path("content");
            out.add(messages.get(i).path("role").asText() + "|" + (content.isArray() ? content.get(0).path("text").asText() : content.asText()));
        }
        return out;
    }

    private static String named(String name) {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("name", name + "-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        return Agents.create(body);
    }

    private static String nameOf(String agent) {
        return given().get("/v1/agents/{id}", agent).then().statusCode(200).extract().path("name");
    }

    private static io.restassured.response.ValidatableResponse send(String group, String text) {
        return given().contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "user", "content", text))))
                .post("/v1/groups/{id}/messages", group).then();
    }

    private static List<String> assistantTexts(io.restassured.response.ValidatableResponse r) {
        return r.extract().path("messages.findAll { it.message_type == 'assistant_message' }.content");
    }

    @Test
    void round_robin_members_speak_in_order_each_seeing_what_the_others_said() {
        String alice = named("alice");
        String bob = named("bob");
        String carol = named("carol");
        scripts.put(alice, r -> ScriptedReply.text("Alice proposes Lisbon"));
        scripts.put(bob, r -> ScriptedReply.text("Bob prefers Porto"));
        scripts.put(carol, r -> ScriptedReply.text("Carol agrees with Bob"));
        String group = GroupApiTest.group(Map.of("agent_ids", List.of(alice, bob, carol), "description", "trip planning"));

        var response = send(group, "Where should the offsite be?").statusCode(200)
                .body("stop_reason.stop_reason", equalTo("end_turn"));
        assertEquals(List.of("Alice proposes Lisbon", "Bob prefers Porto", "Carol agrees with Bob"), assistantTexts(response));
        assertEquals(List.of(alice, bob, carol), speakers(), "one turn each, in the group's order");

        List<String> aliceSaw = shown(requestsOf(alice).getFirst());
        assertEquals("user|Where should the offsite be?", aliceSaw.getLast());
        assertFalse(String.join("\n", aliceSaw).contains("Porto"));
        List<String> bobSaw = shown(requestsOf(bob).getFirst());
        assertTrue(bobSaw.contains("user|Where should the offsite be?"), "bob sees the question: " + bobSaw);
        assertEquals("user|" + nameOf(alice) + ": Alice proposes Lisbon", bobSaw.getLast(), "bob sees alice's reply, named");
        List<String> carolSaw = shown(requestsOf(carol).getFirst());
        assertEquals(List.of("user|Where should the offsite be?", "user|" + nameOf(alice) + ": Alice proposes Lisbon",
                "user|" + nameOf(bob) + ": Bob prefers Porto"), carolSaw.subList(carolSaw.size() - 3, carolSaw.size()));

        // the group's messages: the question and every reply, all written in the group
        List<String> listed = given().queryParam("order", "asc").queryParam("limit", 100).get("/v1/groups/{id}/messages", group)
                .then().statusCode(200).extract().path("findAll { it.message_type == 'assistant_message' }.content");
        assertEquals(List.of("Alice proposes Lisbon", "Bob prefers Porto", "Carol agrees with Bob"), listed);
        given().queryParam("limit", 100).get("/v1/agents/{id}/messages", bob).then().statusCode(200);
        List<String> groups = given().queryParam("group_id", group).queryParam("limit", 100).get("/v1/agents/{id}/messages", bob)
                .then().statusCode(200).extract().path("findAll { it.message_type != 'system_message' }.id");
        assertFalse(groups.isEmpty(), "bob's messages in the group carry its id");
        given().queryParam("limit", 2).get("/v1/groups/{id}/messages", group).then().statusCode(200)
                .body("size()", equalTo(2));
    }

    @Test
    void max_turns_go_round_again_and_a_member_sees_only_what_was_said_since_its_last_turn() {
        String alice = named("alice");
        String bob = named("bob");
        int[] aliceTurns = {0};
        scripts.put(alice, r -> ScriptedReply.text("Alice turn " + (++aliceTurns[0])));
        scripts.put(bob, r -> ScriptedReply.text("Bob answers"));
        String group = GroupApiTest.group(Map.of("agent_ids", List.of(alice, bob), "description", "debate",
                "manager_config", Map.of("manager_type", "round_robin", "max_turns", 3)));

        var response = send(group, "Debate tabs against spaces").statusCode(200);
        assertEquals(List.of("Alice turn 1", "Bob answers", "Alice turn 2"), assistantTexts(response));
        assertEquals(List.of(alice, bob, alice), speakers());
        List<String> second = shown(requestsOf(alice).get(1));
        assertEquals("user|" + nameOf(bob) + ": Bob answers", second.getLast(), "alice's second turn starts from bob's reply");
        // her own first reply is in her window once (as her own message), not again as input
        assertEquals(1, second.stream().filter(t -> t.contains("Alice turn 1")).count());
    }

    @Test
    void a_supervisor_asks_every_member_with_its_tool_and_answers_with_their_replies() {
        String boss = named("boss");
        String alice = named("alice");
        String bob = named("bob");
        scripts.put(boss, r -> {
            JsonNode messages = r.path("messages");
            return "tool".equals(messages.get(messages.size() - 1).path("role").asText())
                    ? ScriptedReply.text("Summary: both are ready")
                    : ScriptedReply.toolCalls(call("call_sup", "send_message_to_all_agents_in_group", "{\"message\": \"Status?\"}"));
        });
        scripts.put(alice, r -> ScriptedReply.text("Alice is ready"));
        scripts.put(bob, r -> ScriptedReply.text("Bob is ready"));
        String group = GroupApiTest.group(Map.of("agent_ids", List.of(alice, bob), "description", "team",
                "manager_config", Map.of("manager_type", "supervisor", "manager_agent_id", boss)));
        List<String> tools = given().get("/v1/agents/{id}/tools", boss).then().statusCode(200).extract().path("name");
        assertTrue(tools.contains("send_message_to_all_agents_in_group"), "the manager got the group tool: " + tools);

        var response = send(group, "Is the team ready?").statusCode(200);
        assertEquals(List.of("Summary: both are ready"), assistantTexts(response));
        assertEquals(List.of(boss, alice, bob, boss), speakers());
        String result = response.extract().path("messages.find { it.message_type == 'tool_return_message' }.tool_return");
        assertTrue(result.contains(alice) && result.contains("Alice is ready") && result.contains(bob) && result.contains("Bob is ready"),
                result);
        assertTrue(shown(requestsOf(alice).getFirst()).getLast().contains("Status?"));

        // a supervised group's messages are its manager's
        List<String> listed = given().queryParam("order", "asc").get("/v1/groups/{id}/messages", group).then().statusCode(200)
                .extract().path("message_type");
        assertTrue(listed.contains("user_message") && listed.contains("tool_call_message") && listed.contains("assistant_message"),
                listed.toString());
    }

    @Test
    void a_dynamic_manager_picks_each_speaker_until_a_reply_holds_the_termination_token() {
        String boss = named("boss");
        String alice = named("alice");
        String bob = named("bob");
        String aliceName = nameOf(alice);
        String bobName = nameOf(bob);
        int[] picks = {0};
        scripts.put(boss, r -> ScriptedReply.text(++picks[0] == 1 ? "Next: " + bobName : "I pick " + aliceName));
        scripts.put(bob, r -> ScriptedReply.text("Bob drafts the agenda"));
        scripts.put(alice, r -> ScriptedReply.text("Alice signs off. FINISHED"));
        String group = GroupApiTest.group(Map.of("agent_ids", List.of(alice, bob), "description", "meeting",
                "manager_config", Map.of("manager_type", "dynamic", "manager_agent_id", boss, "max_turns", 5,
                        "termination_token", "FINISHED")));

        var response = send(group, "Plan the meeting").statusCode(200);
        assertEquals(List.of(boss, bob, boss, alice), speakers(), "the manager picks, the one picked speaks; the token ends it");
        assertEquals(List.of("Next: " + bobName, "Bob drafts the agenda", "I pick " + aliceName, "Alice signs off. FINISHED"),
                assistantTexts(response));
        String firstAsk = shown(requestsOf(boss).getFirst()).getLast();
        assertTrue(firstAsk.contains(aliceName) && firstAsk.contains(bobName) && firstAsk.contains("user: Plan the meeting"), firstAsk);
        String secondAsk = shown(requestsOf(boss).get(1)).getLast();
        assertTrue(secondAsk.contains(bobName + ": Bob drafts the agenda"), "the manager reads bob's reply: " + secondAsk);
        assertFalse(secondAsk.substring(0, secondAsk.indexOf('\n')).contains(bobName), "the last speaker is not offered again: " + secondAsk);
        assertEquals("user|Plan the meeting", shown(requestsOf(bob).getFirst()).getLast());
        List<String> aliceSaw = shown(requestsOf(alice).getFirst());
        assertEquals(List.of("user|Plan the meeting", "user|" + bobName + ": Bob drafts the agenda"),
                aliceSaw.subList(aliceSaw.size() - 2, aliceSaw.size()));
    }

    @Test
    void a_sleeptime_group_answers_with_its_main_agent_and_reviews_in_the_background_every_other_turn() throws Exception {
        String main = named("main");
        String sleeper = named("sleeper");
        int[] replies = {0};
        scripts.put(main, r -> ScriptedReply.text("Main reply " + (++replies[0])));
        scripts.put(sleeper, r -> ScriptedReply.text("noted"));
        String group = GroupApiTest.group(Map.of("agent_ids", List.of(sleeper), "description", "memory",
                "manager_config", Map.of("manager_type", "sleeptime", "manager_agent_id", main, "sleeptime_agent_frequency", 2)));

        var first = send(group, "I live in Lisbon").statusCode(200);
        assertEquals(List.of("Main reply 1"), assistantTexts(first));
        List<String> runs = first.extract().path("usage.run_ids");
        assertEquals(1, runs.size(), "the first turn starts the sleeptime agent's run: " + runs);
        assertTrue(llm.awaitRequests(2, java.time.Duration.ofMinutes(2)), "the sleeptime agent ran");
        awaitDone(runs.getFirst());
        String review = shown(requestsOf(sleeper).getFirst()).getLast();
        assertTrue(review.contains("user: I live in Lisbon") && review.contains("assistant: Main reply 1"), review);

        var second = send(group, "I moved to Porto").statusCode(200);
        assertEquals(List.of("Main reply 2"), assistantTexts(second));
        second.body("usage.run_ids", org.hamcrest.Matchers.nullValue()); // not its turn

        var third = send(group, "And I like trams").statusCode(200);
        List<String> again = third.extract().path("usage.run_ids");
        assertEquals(1, again.size());
        awaitDone(again.getFirst());
        assertEquals(2, requestsOf(sleeper).size());
        String next = shown(requestsOf(sleeper).get(1)).getLast();
        assertTrue(next.contains("user: I moved to Porto") && next.contains("assistant: Main reply 3") && next.contains("And I like trams"),
                next);
        assertFalse(next.contains("Lisbon"), "only what was said since its last review: " + next);
        given().get("/v1/groups/{id}", group).then().statusCode(200).body("turns_counter", equalTo(0));
    }

    /** Waits for a background run to end (a run ends within the test's limits or the test fails). */
    private static void awaitDone(String runId) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            String status = given().get("/v1/runs/{id}", runId).then().statusCode(200).extract().path("status");
            if ("completed".equals(status) || "failed".equals(status) || "cancelled".equals(status)) {
                assertEquals("completed", status);
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run " + runId + " did not end");
    }

    @Test
    void a_manager_type_engram_does_not_run_is_refused_naming_it() {
        String main = Agents.create();
        String helper = Agents.create();
        String group = GroupApiTest.group(Map.of("agent_ids", List.of(helper), "description", "voice",
                "manager_config", Map.of("manager_type", "voice_sleeptime", "manager_agent_id", main)));
        send(group, "hello").statusCode(422).body("detail", containsString("manager_type"))
                .body("detail", containsString("voice_sleeptime"));
        assertEquals(0, llm.requestCount(), "nothing ran");
        send(GroupApiTest.UNKNOWN_GROUP, "hello").statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of()).post("/v1/groups/{id}/messages", group).then().statusCode(422)
                .body("detail", containsString("messages"));
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "user", "content", "hi")), "streaming", true))
                .post("/v1/groups/{id}/messages", group).then().statusCode(422).body("detail", containsString("streaming"));
    }

    @Test
    void reset_messages_clears_the_window_of_every_member() {
        String alice = named("alice");
        String bob = named("bob");
        scripts.put(alice, r -> ScriptedReply.text("Alice here"));
        scripts.put(bob, r -> ScriptedReply.text("Bob here"));
        String group = GroupApiTest.group(Map.of("agent_ids", List.of(alice, bob), "description", "reset"));
        send(group, "first question").statusCode(200);
        given().patch("/v1/groups/{id}/reset-messages", group).then().statusCode(200);
        llm.reset();
        llm.defaultReply(request -> scripts.getOrDefault(agentOf(request), r -> ScriptedReply.text("unscripted")).apply(request));
        send(group, "second question").statusCode(200);
        for (String agent : List.of(alice, bob)) {
            String seen = String.join("\n", shown(requestsOf(agent).getFirst()));
            assertFalse(seen.contains("first question"), agent + " no longer has the first exchange in view: " + seen);
            assertTrue(seen.contains("second question"));
        }
        given().patch("/v1/groups/{id}/reset-messages", GroupApiTest.UNKNOWN_GROUP).then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("message_type", "user_message", "content", "edited"))
                .patch("/v1/groups/{g}/messages/{m}", group, "message-123e4567-e89b-42d3-8456-426614174000").then().statusCode(405);
        given().get("/v1/groups/{id}/messages", group).then().statusCode(200).body("message_type", everyItem(org.hamcrest.Matchers.notNullValue()));
    }
}
