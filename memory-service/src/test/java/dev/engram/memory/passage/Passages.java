package dev.engram.memory.passage;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test fixture: passages through the HTTP API. */
final class Passages {

    static final String MODEL = "local/all-minilm-l6-v2";

    private Passages() {
    }

    static String agent() {
        return "agent-" + UUID.randomUUID();
    }

    static String insert(String agent, String text, List<String> tags, String createdAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("text", text);
        body.put("tags", tags);
        body.put("embedding_handle", MODEL);
        if (createdAt != null) {
            body.put("created_at", createdAt);
        }
        return given().contentType(ContentType.JSON).body(body).post("/v1/agents/{a}/passages", agent)
                .then().statusCode(200).extract().path("id");
    }

    static String insert(String agent, String text) {
        return insert(agent, text, List.of(), null);
    }

    static ValidatableResponse search(String agent, String query, Map<String, ?> params) {
        return given().queryParam("query", query).queryParam("embedding_handle", MODEL).queryParams(params)
                .get("/v1/agents/{a}/passages/search", agent).then();
    }
}
