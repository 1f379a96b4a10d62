package dev.engram.agent.loop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class AgentLoopTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    private static String systemOf(JsonNode request) {
        return request.path("messages").get(0).path("content").asText();
    }

    @Test
    void quick_start_turn_edits_memory_and_replies() {
        String agent = Agents.create();
        llm.enqueue(
                ScriptedReply.toolCalls(call("call_1", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Uses Nuxt for the new project.\"}"))
                        .withUsage(900, 20),
                ScriptedReply.text("Nuxt, nice choice.").withUsage(950, 8));
        Agents.send(agent, "I'm using Nuxt for my new project.").statusCode(200)
                .body("messages.message_type", contains("tool_call_message", "tool_return_message", "assistant_message"))
                .body("messages[0].tool_call.name", equalTo("memory_insert"))
                .body("messages[0].tool_call.tool_call_id", equalTo("call_1"))
                .body("messages[1].status", equalTo("success"))
                .body("messages[1].tool_return", containsString("Uses Nuxt"))
                .body("messages[2].content", equalTo("Nuxt, nice choice."))
                .body("messages.message_type", not(org.hamcrest.Matchers.hasItem("user_message")))
                .body("stop_reason.message_type", equalTo("stop_reason"))
                .body("stop_reason.stop_reason", equalTo("end_turn"))
                .body("usage.message_type", equalTo("usage_statistics"))
                .body("usage.prompt_tokens", is(1850))
                .body("usage.completion_tokens", is(28))
                .body("usage.total_tokens", is(1878))
                .body("usage.step_count", is(2));
        assertTrue(Agents.blockValue(agent, "human").contains("Uses Nuxt"));

        List<dev.engram.agent.support.llm.ScriptedLlmServer.Received> requests = llm.requests();
        assertEquals(2, requests.size());
        JsonNode first = requests.get(0).body();
        JsonNode second = requests.get(1).body();
        assertFalse(systemOf(first).contains("Uses Nuxt"));
        assertTrue(systemOf(second).contains("Uses Nuxt"), "the memory edit is in the next step's system prompt");
        assertEquals("I'm using Nuxt for my new project.", first.path("messages").get(1).path("content").asText());
        assertEquals("tool", second.path("messages").get(3).path("role").asText());
        List<String> tools = first.path("tools").findValuesAsText("name");
        assertTrue(tools.containsAll(List.of("conversation_search", "memory_insert", "memory_replace")), tools.toString());

        // a turn that changes no memory keeps the system message byte for byte (the provider's prompt cache stays valid)
        llm.enqueue(ScriptedReply.text("Sure."));
        Agents.send(agent, "Thanks!").statusCode(200).body("stop_reason.stop_reason", equalTo("end_turn"));
        assertEquals(systemOf(second), systemOf(llm.lastRequest().body()));
        assertEquals(6, llm.lastRequest().body().path("messages").size(), "system, the 4 messages of the first turn, the new input");

        given().queryParam("order", "asc").get("/v1/agents/{id}/messages", agent).then().statusCode(200)
                .body("message_type", contains("system_message", "user_message", "tool_call_message", "tool_return_message",
                        "assistant_message", "user_message", "assistant_message"));
    }

    @Test
    void a_tool_call_id_the_provider_reuses_in_later_steps_still_applies_each_edit() {
        String first = Agents.create();
        String second = Agents.create();
        for (String agent : List.of(first, second, first)) {
            llm.enqueue(
                    ScriptedReply.toolCalls(call("call_0", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Plays chess.\"}")),
                    ScriptedReply.text("Noted."));
            Agents.send(agent, "I play chess.").statusCode(200)
                    .body("messages[1].status", equalTo("success"))
                    .body("stop_reason.stop_reason", equalTo("end_turn"));
        }
        assertEquals(2, Agents.blockValue(first, "human").split("Plays chess\\.", -1).length - 1, Agents.blockValue(first, "human"));
        assertEquals(1, Agents.blockValue(second, "human").split("Plays chess\\.", -1).length - 1, Agents.blockValue(second, "human"));
    }

    @Test
    void tool_errors_go_back_to_the_model_and_the_loop_goes_on() {
        String agent = Agents.create();
        llm.enqueue(
                ScriptedReply.toolCalls(call("call_x", "memory_replace", "{\"label\": \"human\", \"old_string\": \"CEO\", \"new_string\": \"CTO\"}")),
                ScriptedReply.text("I could not find that."));
        Agents.send(agent, "I'm the CTO now.").statusCode(200)
                .body("messages[1].status", equalTo("error"))
                .body("messages[1].tool_return", startsWithText("Error executing function memory_replace: ValueError: No replacement was performed"))
                .body("messages[1].stderr[0]", containsString("did not appear verbatim"))
                .body("stop_reason.stop_reason", equalTo("end_turn"));
        JsonNode toolMessage = llm.lastRequest().body().path("messages").get(3);
        assertTrue(toolMessage.path("content").asText().startsWith("{\"status\": \"Failed\""), toolMessage.toString());
    }

    private static org.hamcrest.Matcher<String> startsWithText(String prefix) {
        return org.hamcrest.Matchers.startsWith(prefix);
    }

    @Test
    void calling_a_tool_the_agent_does_not_have_is_a_constraint_error() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.toolCalls(call("call_y", "archival_memory_insert", "{\"content\": \"x\"}")), ScriptedReply.text("ok"));
        Agents.send(agent, "remember x").statusCode(200)
                .body("messages[1].tool_return", startsWithText("[ToolConstraintError] Cannot call archival_memory_insert, valid tools include: ["));
    }

    @Test
    void max_steps_stops_a_model_that_keeps_calling_tools() {
        String agent = Agents.create();
        llm.defaultReply(request -> ScriptedReply.toolCalls(call("call_" + System.nanoTime(), "conversation_search", "{\"query\": \"x\"}")));
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "user", "content", "loop")), "max_steps", 3))
                .post("/v1/agents/{id}/messages", agent).then().statusCode(200)
                .body("stop_reason.stop_reason", equalTo("max_steps"))
                .body("usage.step_count", is(3));
        assertEquals(3, llm.requestCount());
    }

    @Test
    void a_truncated_answer_stops_with_max_tokens_exceeded() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.text("This answer was cut").withFinishReason("length"));
        Agents.send(agent, "write a novel").statusCode(200).body("stop_reason.stop_reason", equalTo("max_tokens_exceeded"));
    }

    @Test
    void malformed_tool_arguments_stop_with_invalid_tool_call() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.toolCalls(call("call_bad", "memory_insert", "{\"label\": \"human\", ")));
        Agents.send(agent, "x").statusCode(200).body("stop_reason.stop_reason", equalTo("invalid_tool_call"))
                .body("messages[1].status", equalTo("error"));
    }

    @Test
    void provider_errors_map_to_lettas_status_codes_and_leave_nothing_behind() {
        String agent = Agents.create();
        int before = given().queryParam("limit", 1000).get("/v1/agents/{id}/messages", agent).then().extract().path("size()");
        llm.enqueue(ScriptedReply.unauthorized());
        Agents.send(agent, "hello").statusCode(401);
        llm.enqueue(ScriptedReply.rateLimited(), ScriptedReply.rateLimited(), ScriptedReply.rateLimited());
        Agents.send(agent, "hello").statusCode(429);
        llm.enqueue(ScriptedReply.emptyMessage());
        Agents.send(agent, "hello").statusCode(502);
        given().queryParam("limit", 1000).get("/v1/agents/{id}/messages", agent).then().body("", hasSize(before));
        llm.enqueue(ScriptedReply.text("Back."));
        Agents.send(agent, "hello again").statusCode(200).body("messages[0].content", equalTo("Back."));
        given().get("/v1/agents/{id}", agent).then().body("last_stop_reason", equalTo("end_turn"));
    }

    @Test
    void memgpt_agents_reply_through_send_message_with_heartbeats() {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("agent_type", "memgpt_v2_agent");
        String agent = Agents.create(body);
        llm.enqueue(
                ScriptedReply.toolCalls(call("c1", "memory_insert",
                        "{\"thinking\": \"Note the framework.\", \"label\": \"human\", \"new_string\": \"Uses Nuxt.\", \"request_heartbeat\": true}")),
                ScriptedReply.toolCalls(call("c2", "send_message",
                        "{\"thinking\": \"Now answer.\", \"message\": \"Noted: Nuxt.\"}")));
        Agents.send(agent, "I use Nuxt.").statusCode(200)
                .body("messages.message_type", contains("reasoning_message", "tool_call_message", "tool_return_message",
                        "reasoning_message", "assistant_message"))
                .body("messages[0].reasoning", equalTo("Note the framework."))
                .body("messages[4].content", equalTo("Noted: Nuxt."))
                .body("stop_reason.stop_reason", equalTo("end_turn"));
        JsonNode first = llm.requests().get(0).body();
        JsonNode insert = null;
        for (JsonNode t : first.path("tools")) {
            if ("memory_insert".equals(t.path("function").path("name").asText())) {
                insert = t.path("function").path("parameters");
            }
        }
        assertTrue(insert != null && insert.path("required").toString().contains("request_heartbeat"), String.valueOf(insert));
        assertEquals("required", first.path("tool_choice").asText());
        JsonNode second = llm.requests().get(1).body().path("messages");
        assertTrue(second.get(second.size() - 1).path("content").asText().contains("\"type\": \"heartbeat\""), second.toString());
    }

    @Test
    void memgpt_agents_must_call_a_tool() {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("agent_type", "memgpt_v2_agent");
        String agent = Agents.create(body);
        llm.enqueue(ScriptedReply.text("plain text"));
        Agents.send(agent, "hi").statusCode(200).body("stop_reason.stop_reason", equalTo("no_tool_call"));
    }

    @Test
    void tool_output_over_the_limit_is_cut_with_lettas_note() {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("memory_blocks", List.of(Map.of("label", "human", "value", "x".repeat(60_000)),
                Map.of("label", "persona", "value", "I help.")));
        String agent = Agents.create(body);
        llm.enqueue(ScriptedReply.toolCalls(call("c_big", "memory_insert", "{\"label\": \"human\", \"new_string\": \"end\"}")),
                ScriptedReply.text("done"));
        Agents.send(agent, "add a line").statusCode(200)
                .body("messages[1].status", equalTo("success"))
                .body("messages[1].tool_return", containsString(
                        "... [NOTE: function output was truncated since it exceeded the character limit (60004 > 50000)]"));
    }

    @Test
    void the_anthropic_client_path_runs_the_same_loop_with_line_numbered_memory() {
        var anthropic = Suite.get().anthropic;
        anthropic.reset();
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("model", "anthropic/claude-3-5-haiku");
        String agent = Agents.create(body);
        anthropic.enqueue(
                ScriptedReply.toolCalls(call("toolu_1", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Uses Nuxt.\"}")),
                ScriptedReply.text("Got it: Nuxt."));
        Agents.send(agent, "I'm using Nuxt.").statusCode(200)
                .body("messages.message_type", contains("tool_call_message", "tool_return_message", "assistant_message"))
                .body("messages[2].content", equalTo("Got it: Nuxt."));
        assertTrue(Agents.blockValue(agent, "human").contains("Uses Nuxt."));
        JsonNode first = anthropic.requests().get(0).body();
        String system = first.path("system").toString();
        assertTrue(system.contains("1→ Role: founder. Prefers short answers."), system);
        assertTrue(system.contains("# NOTE: Line numbers shown below"), system);
    }

    @Test
    void empty_or_invalid_requests_are_422_and_unknown_agents_404() {
        String agent = Agents.create();
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of())).post("/v1/agents/{id}/messages", agent)
                .then().statusCode(422).body("detail", containsString("messages"));
        given().contentType(ContentType.JSON).body(Map.of()).post("/v1/agents/{id}/messages", agent).then().statusCode(422);
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "robot", "content", "x"))))
                .post("/v1/agents/{id}/messages", agent).then().statusCode(422).body("detail", containsString("role"));
        given().contentType(ContentType.JSON).body(Map.of("input", "hi", "override_model", "nowhere/model"))
                .post("/v1/agents/{id}/messages", agent).then().statusCode(400);
        Agents.send("agent-00000000-0000-4000-8000-000000000001", "hi").statusCode(404);
    }

    @Test
    void input_is_one_user_message() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.text("Hello!"));
        given().contentType(ContentType.JSON).body(Map.of("input", "hi there")).post("/v1/agents/{id}/messages", agent)
                .then().statusCode(200).body("messages.content", contains("Hello!"));
        JsonNode messages = llm.lastRequest().body().path("messages");
        assertEquals("hi there", messages.get(messages.size() - 1).path("content").asText());
    }

    @Test
    void include_return_message_types_filters_the_response() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.toolCalls(call("c", "conversation_search", "{\"query\": \"nuxt\"}")), ScriptedReply.text("Found it."));
        given().contentType(ContentType.JSON).body(Map.of("input", "what did I say?", "include_return_message_types", List.of("assistant_message")))
                .post("/v1/agents/{id}/messages", agent).then().statusCode(200)
                .body("messages.message_type", everyItem(equalTo("assistant_message")));
    }
}
