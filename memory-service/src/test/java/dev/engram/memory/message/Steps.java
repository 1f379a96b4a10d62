package dev.engram.memory.message;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test fixture: stored messages in Letta's shapes, committed as steps. */
public final class Steps {

    private Steps() {
    }

    public static String agent() {
        return "agent-" + UUID.randomUUID();
    }

    public static String id() {
        return "message-" + UUID.randomUUID();
    }

    public static Map<String, Object> system(String id, String text) {
        return Map.of("id", id, "role", "system", "content", List.of(Map.of("type", "text", "text", text)));
    }

    public static Map<String, Object> user(String id, String text) {
        return Map.of("id", id, "role", "user", "content", List.of(Map.of("type", "text", "text", text)), "otid", "otid-" + id);
    }

    public static Map<String, Object> reply(String id, String text) {
        return Map.of("id", id, "role", "assistant", "content", List.of(Map.of("type", "text", "text", text)));
    }

    public static Map<String, Object> toolCall(String id, String thought, String callId, String tool, String arguments) {
        return Map.of("id", id, "role", "assistant",
                "content", List.of(Map.of("type", "reasoning", "reasoning", thought, "is_native", true)),
                "tool_calls", List.of(Map.of("id", callId, "type", "function", "function", Map.of("name", tool, "arguments", arguments))));
    }

    public static Map<String, Object> toolReturn(String id, String callId, String tool, String result, boolean ok) {
        String packaged = "{\"status\": \"" + (ok ? "OK" : "Failed") + "\", \"message\": \"" + result + "\", \"time\": \"2026-01-01 10:00:00 AM UTC+0000\"}";
        return Map.of("id", id, "role", "tool", "name", tool, "tool_call_id", callId,
                "content", List.of(Map.of("type", "text", "text", packaged)),
                "tool_returns", List.of(Map.of("tool_call_id", callId, "status", ok ? "success" : "error", "func_response", packaged)));
    }

    public static ValidatableResponse commit(String agent, String stepId, List<Map<String, Object>> messages, List<String> window) {
        return given().contentType(ContentType.JSON).body(step(stepId, messages, window)).post("/v1/agents/{a}/steps", agent).then();
    }

    /** A step's body: a run id, the messages and the window; put conversation_id or expected_version in as needed. */
    public static Map<String, Object> step(String stepId, List<Map<String, Object>> messages, List<String> window) {
        Map<String, Object> body = new HashMap<>();
        body.put("step_id", stepId);
        body.put("run_id", "run-" + UUID.randomUUID());
        body.put("messages", messages);
        body.put("in_context_message_ids", window);
        return body;
    }

    /** Commits a step to one thread of an agent of one organization ({@code conversation} null: the default thread). */
    public static ValidatableResponse commit(String org, String agent, String conversation, List<Map<String, Object>> messages,
                                             List<String> window) {
        Map<String, Object> body = step("step-" + UUID.randomUUID(), messages, window);
        if (conversation != null) {
            body.put("conversation_id", conversation);
        }
        return given().header("X-Engram-Org", org).contentType(ContentType.JSON).body(body).post("/v1/agents/{a}/steps", agent).then();
    }

    public static String org() {
        return "org-" + UUID.randomUUID();
    }

    public static String conversation() {
        return "conv-" + UUID.randomUUID();
    }

    /** Commits messages appended to the current window; returns the new window. */
    public static List<String> append(String agent, List<String> window, List<Map<String, Object>> messages) {
        List<String> next = new ArrayList<>(window);
        messages.forEach(m -> next.add((String) m.get("id")));
        commit(agent, "step-" + UUID.randomUUID(), messages, next).statusCode(200);
        return next;
    }
}
