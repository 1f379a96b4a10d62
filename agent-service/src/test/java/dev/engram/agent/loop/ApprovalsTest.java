package dev.engram.agent.loop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Sse;
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

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client-side tools and approvals: a call the run cannot make itself pauses the run with requires_approval; the
 * client's answer (a tool result, an approval or a denial) resumes it; a new message while calls wait is a 409; an
 * answer for a call that does not wait is refused; each waiting call can be answered on its own.
 */
@QuarkusTest
class ApprovalsTest {

    private static final Map<String, Object> READ_FILE = Map.of("name", "read_file", "description", "Read a file",
            "parameters", Map.of("type", "object", "properties", Map.of("path", Map.of("type", "string")), "required", List.of("path")));
    private static final Map<String, Object> RUN_SHELL = Map.of("name", "run_shell", "description", "Run a command",
            "parameters", Map.of("type", "object", "properties", Map.of("cmd", Map.of("type", "string"))));

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    private static ValidatableResponse send(String agent, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/agents/{id}/messages", agent).then();
    }

    private static Map<String, Object> user(String text, Map<String, Object>... clientTools) {
        Map<String, Object> body = new HashMap<>(Map.of("messages", List.of(Map.of("role", "user", "content", text))));
        if (clientTools.length > 0) {
            body.put("client_tools", List.of(clientTools));
        }
        return body;
    }

    private static Map<String, Object> answer(List<Map<String, Object>> approvals, Map<String, Object>... clientTools) {
        Map<String, Object> body = new HashMap<>(Map.of("messages", List.of(Map.of("type", "approval", "approvals", approvals))));
        if (clientTools.length > 0) {
            body.put("client_tools", List.of(clientTools));
        }
        return body;
    }

    private static Map<String, Object> toolResult(String callId, String value, String status) {
        return Map.of("type", "tool", "tool_call_id", callId, "tool_return", value, "status", status);
    }

    private static Map<String, Object> decision(String callId, boolean approve, String reason) {
        Map<String, Object> d = new HashMap<>(Map.of("type", "approval", "tool_call_id", callId, "approve", approve));
        if (reason != null) {
            d.put("reason", reason);
        }
        return d;
    }

    private static JsonNode toolMessage(JsonNode request, String callId) {
        for (JsonNode m : request.path("messages")) {
            if ("tool".equals(m.path("role").asText()) && callId.equals(m.path("tool_call_id").asText())) {
                return m;
            }
        }
        return null;
    }

    @Test
    void a_client_tool_call_pauses_the_run_and_its_result_resumes_it() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.toolCalls(call("call_read", "read_file", "{\"path\": \"README.md\"}")), ScriptedReply.text("It says hello."));
        send(agent, user("What does the README say?", READ_FILE)).statusCode(200)
                .body("messages.message_type", contains("approval_request_message"))
                .body("messages[0].tool_call.name", equalTo("read_file"))
                .body("messages[0].tool_call.tool_call_id", equalTo("call_read"))
                .body("messages[0].tool_calls[0].arguments", equalTo("{\"path\": \"README.md\"}"))
                .body("stop_reason.stop_reason", equalTo("requires_approval"));
        JsonNode first = llm.requests().getFirst().body();
        assertTrue(first.path("tools").toString().contains("\"read_file\""), "the client tool is offered: " + first.path("tools"));
        given().queryParam("include", "agent.pending_approval").header("X-Stainless-Package-Version", "1.12.1")
                .get("/v1/agents/{id}", agent).then().body("pending_approval.message_type", equalTo("approval_request_message"))
                .body("pending_approval.tool_calls[0].tool_call_id", equalTo("call_read"));

        // Letta's ToolReturnCreate shape
        Map<String, Object> body = new HashMap<>(Map.of("messages", List.of(Map.of("type", "tool_return",
                "tool_returns", List.of(toolResult("call_read", "hello world", "success"))))));
        body.put("client_tools", List.of(READ_FILE));
        send(agent, body).statusCode(200)
                .body("messages.message_type", contains("tool_return_message", "assistant_message"))
                .body("messages[0].tool_call_id", equalTo("call_read"))
                .body("messages[0].status", equalTo("success"))
                .body("messages[0].tool_return", equalTo("hello world"))
                .body("messages[1].content", equalTo("It says hello."))
                .body("stop_reason.stop_reason", equalTo("end_turn"));
        JsonNode second = llm.requests().get(1).body();
        JsonNode result = toolMessage(second, "call_read");
        assertTrue(result != null && result.path("content").asText().contains("hello world"), second.path("messages").toString());
        given().queryParam("include", "agent.pending_approval").header("X-Stainless-Package-Version", "1.12.1")
                .get("/v1/agents/{id}", agent).then().body("pending_approval", nullValue());
        // the history shows the request and the answer as Letta lists them
        given().queryParam("order", "asc").get("/v1/agents/{id}/messages", agent).then()
                .body("message_type", contains("system_message", "user_message", "approval_request_message", "approval_response_message",
                        "tool_return_message", "assistant_message"));
    }

    @Test
    void a_new_message_while_a_call_waits_is_409_pending_approval_and_changes_nothing() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.toolCalls(call("call_w", "read_file", "{\"path\": \"a\"}")));
        send(agent, user("read a", READ_FILE)).statusCode(200).body("stop_reason.stop_reason", equalTo("requires_approval"));
        int before = given().get("/v1/agents/{id}/messages", agent).then().extract().path("size()");
        for (boolean streaming : new boolean[] {false, true}) {
            Map<String, Object> body = user("and now something else", READ_FILE);
            body.put("streaming", streaming);
            send(agent, body).statusCode(409)
                    .body("detail", equalTo("CONFLICT: Cannot send a new message: The agent is waiting for approval on a tool call. "
                            + "Please approve or deny the pending request before continuing."))
                    .body("code", equalTo("PENDING_APPROVAL"))
                    .body("pending_request_id", org.hamcrest.Matchers.startsWith("message-"));
        }
        assertEquals(before, (int) given().get("/v1/agents/{id}/messages", agent).then().extract().path("size()"));
        assertEquals(1, llm.requests().size(), "no model call for a refused message");
        given().get("/v1/runs/").then().body("find { it.agent_id == '" + agent + "' && it.stop_reason == 'error' }.metadata.error.message",
                containsString("waiting for approval"));
    }

    @Test
    void an_answer_for_a_call_that_does_not_wait_is_refused() {
        String agent = Agents.create();
        send(agent, answer(List.of(toolResult("call_nothing", "x", "success")))).statusCode(409)
                .body("detail", equalTo("Cannot process approval response: No tool call is currently awaiting approval. "
                        + "Please send a regular message to interact with the agent."));
        llm.enqueue(ScriptedReply.toolCalls(call("call_a", "read_file", "{\"path\": \"a\"}")));
        send(agent, user("read a", READ_FILE)).statusCode(200);
        send(agent, answer(List.of(toolResult("call_other", "x", "success")))).statusCode(422)
                .body("detail", equalTo("Invalid tool call IDs. Expected '['call_a']', but received '['call_other']'."));
        send(agent, answer(List.of(Map.of("type", "tool", "tool_call_id", "call_a", "tool_return", "x", "status", "maybe")))).statusCode(422)
                .body("detail", equalTo("messages[0][0].status: Input should be 'success' or 'error'"));
        // answered once, it is not pending any more: a replay of the same answer is refused, not applied twice
        llm.enqueue(ScriptedReply.text("ok"));
        send(agent, answer(List.of(toolResult("call_a", "contents of a", "success")), READ_FILE)).statusCode(200);
        send(agent, answer(List.of(toolResult("call_a", "contents of a", "success")), READ_FILE)).statusCode(409);
        long results = given().queryParam("limit", 100).get("/v1/agents/{id}/messages", agent).then().extract().jsonPath()
                .getList("findAll { it.message_type == 'tool_return_message' }").size();
        assertEquals(1, results);
    }

    @Test
    void a_tool_that_requires_approval_runs_when_approved_and_not_when_denied() {
        String agent = Agents.create();
        given().contentType(ContentType.JSON).body(Map.of("requires_approval", true))
                .patch("/v1/agents/{id}/tools/approval/{name}", agent, "memory_insert").then().statusCode(200);
        given().get("/v1/agents/{id}", agent).then()
                .body("tool_rules", hasSize(1)).body("tool_rules[0].type", equalTo("requires_approval"))
                .body("tool_rules[0].tool_name", equalTo("memory_insert"));

        llm.enqueue(ScriptedReply.toolCalls(call("call_ins", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Likes tea.\"}")),
                ScriptedReply.text("Noted."));
        send(agent, user("I like tea.")).statusCode(200).body("stop_reason.stop_reason", equalTo("requires_approval"))
                .body("messages.message_type", contains("approval_request_message"));
        assertFalse(Agents.blockValue(agent, "human").contains("Likes tea."), "nothing runs before the approval");
        send(agent, answer(List.of(decision("call_ins", true, null)))).statusCode(200)
                .body("messages.message_type", contains("tool_return_message", "assistant_message"))
                .body("messages[0].status", equalTo("success"));
        assertTrue(Agents.blockValue(agent, "human").contains("Likes tea."));

        llm.enqueue(ScriptedReply.toolCalls(call("call_ins2", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Hates coffee.\"}")),
                ScriptedReply.text("Fine, I won't."));
        send(agent, user("Remember I hate coffee.")).statusCode(200).body("stop_reason.stop_reason", equalTo("requires_approval"));
        send(agent, answer(List.of(decision("call_ins2", false, "not now")))).statusCode(200)
                .body("messages[0].status", equalTo("error"))
                .body("messages[0].tool_return", equalTo("Error: request to call tool denied. User reason: not now"));
        assertFalse(Agents.blockValue(agent, "human").contains("coffee"), "a denied call never runs");
        JsonNode denied = toolMessage(llm.requests().getLast().body(), "call_ins2");
        assertTrue(denied.path("content").asText().contains("denied. User reason: not now"), String.valueOf(denied));

        given().contentType(ContentType.JSON).body(Map.of("requires_approval", false))
                .patch("/v1/agents/{id}/tools/approval/{name}", agent, "memory_insert").then().statusCode(200);
        given().get("/v1/agents/{id}", agent).then().body("tool_rules", hasSize(0));
        given().contentType(ContentType.JSON).body(Map.of()).patch("/v1/agents/{id}/tools/approval/{name}", agent, "memory_insert")
                .then().statusCode(422).body("detail", containsString("requires_approval must be provided"));
    }

    @Test
    void parallel_calls_are_answered_each_on_its_own_and_held_calls_run_once() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.toolCalls(call("call_1", "read_file", "{\"path\": \"a\"}"), call("call_2", "run_shell", "{\"cmd\": \"ls\"}"),
                call("call_3", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Works on repo X.\"}")),
                ScriptedReply.text("All done."));
        send(agent, user("look around", READ_FILE, RUN_SHELL)).statusCode(200)
                .body("messages.message_type", contains("tool_call_message", "approval_request_message"))
                .body("messages[0].tool_call.tool_call_id", equalTo("call_3"))
                .body("messages[1].tool_calls.tool_call_id", contains("call_1", "call_2"))
                .body("stop_reason.stop_reason", equalTo("requires_approval"));
        assertFalse(Agents.blockValue(agent, "human").contains("repo X"), "a call held back with a waiting one waits too");

        // the first answer: one of the two waiting calls; the held call runs with it; call_2 still waits
        send(agent, answer(List.of(toolResult("call_1", "file a", "success")), READ_FILE, RUN_SHELL)).statusCode(200)
                .body("stop_reason.stop_reason", equalTo("requires_approval"))
                .body("messages.message_type", contains("tool_return_message", "tool_return_message"));
        assertTrue(Agents.blockValue(agent, "human").contains("repo X"));
        assertEquals(1, llm.requests().size(), "no model call while a call still waits");
        send(agent, user("hello?", READ_FILE)).statusCode(409);

        send(agent, answer(List.of(toolResult("call_2", "README.md", "success")), READ_FILE, RUN_SHELL)).statusCode(200)
                .body("messages.message_type", contains("tool_return_message", "assistant_message"))
                .body("stop_reason.stop_reason", equalTo("end_turn"));
        JsonNode next = llm.requests().get(1).body();
        List<String> answered = new ArrayList<>();
        for (JsonNode m : next.path("messages")) {
            if ("tool".equals(m.path("role").asText())) {
                answered.add(m.path("tool_call_id").asText());
            }
        }
        assertEquals(java.util.Set.of("call_1", "call_2", "call_3"), java.util.Set.copyOf(answered), "one result per call: " + answered);
        assertEquals(3, answered.size(), "each call once: " + answered);
        int assistantTurns = 0;
        for (JsonNode m : next.path("messages")) {
            if ("assistant".equals(m.path("role").asText()) && m.path("tool_calls").size() == 3) {
                assistantTurns++;
            }
        }
        assertEquals(1, assistantTurns, "the model sees its one answer with all three calls");
        assertEquals(1, Agents.blockValue(agent, "human").split("repo X", -1).length - 1, "the held call ran once");
    }

    @Test
    void an_answer_and_a_new_message_in_one_request_answer_first_then_the_message_starts_the_next_step() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.toolCalls(call("call_stale", "run_shell", "{\"cmd\": \"sleep 100\"}")), ScriptedReply.text("Sure."));
        send(agent, user("run it", RUN_SHELL)).statusCode(200).body("stop_reason.stop_reason", equalTo("requires_approval"));
        Map<String, Object> body = new HashMap<>(Map.of("messages", List.of(
                Map.of("type", "approval", "approvals", List.of(decision("call_stale", false, "closed stale call"))),
                Map.of("role", "user", "content", "forget that, just say sure"))));
        body.put("client_tools", List.of(RUN_SHELL));
        send(agent, body).statusCode(200).body("stop_reason.stop_reason", equalTo("end_turn"))
                .body("messages.message_type", contains("tool_return_message", "assistant_message"));
        JsonNode messages = llm.requests().getLast().body().path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        assertEquals("user", last.path("role").asText());
        assertEquals("forget that, just say sure", last.path("content").asText());
        assertEquals("tool", messages.get(messages.size() - 2).path("role").asText());
    }

    @Test
    void token_streaming_sends_a_waiting_call_as_approval_request_deltas() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.toolCalls(call("call_s", "read_file", "{\"path\": \"b\"}")));
        Map<String, Object> body = user("read b", READ_FILE);
        body.put("streaming", true);
        body.put("stream_tokens", true);
        String raw = given().contentType(ContentType.JSON).body(body).post("/v1/agents/{id}/messages", agent).then().statusCode(200)
                .extract().asString();
        List<Sse.Frame> frames = Sse.parse(raw);
        List<JsonNode> requests = frames.stream().filter(f -> !f.done() && "approval_request_message".equals(f.type())).map(Sse.Frame::json).toList();
        assertFalse(requests.isEmpty(), raw);
        StringBuilder args = new StringBuilder();
        requests.forEach(r -> args.append(r.path("tool_call").path("arguments").asText("")));
        assertEquals("{\"path\": \"b\"}", args.toString());
        assertTrue(frames.stream().noneMatch(f -> !f.done() && "tool_call_message".equals(f.type())), raw);
        assertTrue(raw.contains("\"stop_reason\":\"requires_approval\""), raw);
        // the stored request has the id the deltas carried
        String streamedId = requests.getFirst().path("id").asText();
        given().get("/v1/agents/{id}/messages", agent).then()
                .body("find { it.message_type == 'approval_request_message' }.id", equalTo(streamedId))
                .body("message_type", not(org.hamcrest.Matchers.hasItem("tool_call_message")));
    }
}
