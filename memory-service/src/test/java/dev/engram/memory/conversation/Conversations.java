package dev.engram.memory.conversation;

import dev.engram.memory.message.Steps;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test fixture: agents with blocks and a default thread, and conversations on them, through the HTTP API. */
final class Conversations {

    private Conversations() {
    }

    /**
     * An agent with the blocks {@code human} and {@code persona} (value {@code "<label> of <agent id>"}) and a default
     * window holding its system message.
     */
    record Agent(String id, String system, Map<String, String> blockIds) {
        String value(String label) {
            return label + " of " + id;
        }
    }

    static Agent agent() {
        String id = Steps.agent();
        Map<String, String> blocks = new HashMap<>();
        for (String label : List.of("human", "persona")) {
            blocks.put(label, given().contentType(ContentType.JSON)
                    .body(Map.of("label", label, "value", label + " of " + id, "description", "the " + label, "limit", 5000,
                            "read_only", false, "metadata", Map.of("kind", label)))
                    .post("/v1/agents/{a}/blocks", id).then().statusCode(200).extract().path("id"));
        }
        String sys = Steps.id();
        Steps.commit(id, "step-" + UUID.randomUUID(), List.of(Steps.system(sys, "agent system")), List.of(sys)).statusCode(200);
        return new Agent(id, sys, blocks);
    }

    /** Starts a conversation whose first window is its own new system message followed by {@code carried} ids. */
    static ValidatableResponse init(String agent, String conversation, List<String> isolated, String system, List<String> carried,
                                    String key) {
        return init(agent, conversation, body(isolated, system, carried), key);
    }

    /** An init's body: the isolated labels (or none), and a first step with a new system message and carried ids. */
    static Map<String, Object> body(List<String> isolated, String system, List<String> carried) {
        List<String> window = new java.util.ArrayList<>(List.of(system));
        window.addAll(carried);
        Map<String, Object> body = new HashMap<>();
        body.put("step", Steps.step("step-" + UUID.randomUUID(), List.of(Steps.system(system, "conversation system")), window));
        if (isolated != null) {
            body.put("isolated_block_labels", isolated);
        }
        return body;
    }

    static ValidatableResponse init(String agent, String conversation, Map<String, Object> body, String key) {
        RequestSpecification request = given().contentType(ContentType.JSON).body(body);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.post("/v1/agents/{a}/conversations/{c}", agent, conversation).then();
    }

    static ValidatableResponse init(String agent, String conversation, List<String> isolated) {
        return init(agent, conversation, isolated, Steps.id(), List.of(), null);
    }

    static ValidatableResponse context(String agent, String conversation) {
        return given().queryParam("conversation_id", conversation).get("/v1/agents/{a}/context", agent).then();
    }

    /** Appends messages to a thread's window as one step; answers the new window. */
    static List<String> append(String agent, String conversation, List<String> window, List<Map<String, Object>> messages) {
        List<String> next = new java.util.ArrayList<>(window);
        messages.forEach(m -> next.add((String) m.get("id")));
        Steps.commit(DEFAULT_ORG, agent, conversation, messages, next).statusCode(200);
        return next;
    }

    /** The organization of requests without an X-Engram-Org header. */
    static final String DEFAULT_ORG = "org-00000000-0000-4000-8000-000000000000";

    static ValidatableResponse edit(String agent, String label, String conversation, String content) {
        RequestSpecification request = given().contentType(ContentType.JSON).body(Map.of("op", "append", "content", content));
        if (conversation != null) {
            request = request.queryParam("conversation_id", conversation);
        }
        return request.post("/v1/agents/{a}/blocks/{l}/edits", agent, label).then();
    }

    static ValidatableResponse rawMessages(String agent, String conversation) {
        RequestSpecification request = given().queryParam("view", "raw").queryParam("order", "asc");
        if (conversation != null) {
            request = request.queryParam("conversation_id", conversation);
        }
        return request.get("/v1/agents/{a}/messages", agent).then().statusCode(200);
    }
}
