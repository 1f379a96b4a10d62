package dev.engram.agent.support;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test fixture: agents and messages through the public API. */
public final class Agents {

    public static final String MODEL = "openai/gpt-4o-mini";
    public static final String EMBEDDING = "local/all-minilm-l6-v2";

    private Agents() {
    }

    public static Map<String, Object> quickStart() {
        Map<String, Object> body = new HashMap<>();
        body.put("memory_blocks", List.of(
                Map.of("label", "human", "value", "Role: founder. Prefers short answers."),
                Map.of("label", "persona", "value", "I am a concise, friendly assistant.")));
        body.put("model", MODEL);
        body.put("embedding", EMBEDDING);
        return body;
    }

    public static String create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/agents/").then().statusCode(200).extract().path("id");
    }

    public static String create() {
        return create(quickStart());
    }

    /**
     * An agent of another organization: created through the API, then moved to a fresh organization in the database
     * (the API always acts for the default one). Its memory stays where it was: it is only good for being not found.
     */
    public static String ofAnotherOrganization() {
        String id = create();
        if (Db.update("UPDATE agent.agents SET organization_id = ? WHERE id = ?", "org-" + UUID.randomUUID(), id) != 1) {
            throw new IllegalStateException("agent " + id + " was not moved");
        }
        return id;
    }

    public static ValidatableResponse send(String agentId, String text) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("messages", List.of(Map.of("role", "user", "content", text))))
                .post("/v1/agents/{id}/messages", agentId).then();
    }

    public static String blockValue(String agentId, String label) {
        return given().get("/v1/agents/{id}/core-memory/blocks/{label}", agentId, label).then().statusCode(200).extract().path("value");
    }
}
