package dev.engram.memory.block;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test fixture: builds blocks and agents through the HTTP API. */
final class Blocks {

    private Blocks() {
    }

    static String newAgentId() {
        return "agent-" + UUID.randomUUID();
    }

    static String create(String label, String value) {
        return create(Map.of("label", label, "value", value));
    }

    static String create(Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body)
                .post("/v1/blocks")
                .then().statusCode(200)
                .extract().path("id");
    }

    static ValidatableResponse edit(String blockId, Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/blocks/{id}/edits", blockId).then();
    }

    static ValidatableResponse editForAgent(String agentId, String label, Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body)
                .post("/v1/agents/{agent}/blocks/{label}/edits", agentId, label).then();
    }

    static void attach(String agentId, String blockId) {
        given().put("/v1/agents/{agent}/attachments/{block}", agentId, blockId).then().statusCode(200);
    }

    static String value(String blockId) {
        return given().get("/v1/blocks/{id}", blockId).then().statusCode(200).extract().path("value");
    }
}
