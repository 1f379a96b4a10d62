package dev.engram.agent.web;

import dev.engram.agent.support.Agents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;

/**
 * Bad input is refused with a 422 naming the field and nothing is stored: values of the wrong type, labels that
 * could never be addressed, and options Engram does not implement yet (refused rather than silently ignored).
 */
@QuarkusTest
class StrictInputTest {

    @Test
    void a_number_where_a_string_belongs_is_422_and_stores_nothing() {
        String agent = Agents.create();
        given().contentType(ContentType.JSON).body("{\"text\": 42}").post("/v1/agents/{id}/archival-memory", agent).then()
                .statusCode(422).body("detail", equalTo("body.text: Input should be a valid string"));
        given().contentType(ContentType.JSON).body("{\"text\": true}").post("/v1/agents/{id}/archival-memory", agent).then()
                .statusCode(422).body("detail", equalTo("body.text: Input should be a valid string"));
        given().get("/v1/agents/{id}/archival-memory", agent).then().statusCode(200).body("size()", is(0));
        given().contentType(ContentType.JSON).body("{\"label\": \"human\", \"value\": 7}").post("/v1/blocks/").then()
                .statusCode(422).body("detail", equalTo("body.value: Input should be a valid string"));
        given().contentType(ContentType.JSON).body("{\"label\": \"x\", \"value\": \"v\", \"tags\": [1]}").post("/v1/blocks/").then()
                .statusCode(422).body("detail", equalTo("body.tags[0]: Input should be a valid string"));
        given().contentType(ContentType.JSON).body("{\"label\": \"x\", \"value\": \"v\", \"limit\": 10.5}").post("/v1/blocks/").then()
                .statusCode(422).body("detail", equalTo("body.limit: Input should be a valid integer"));
    }

    @Test
    void message_content_of_the_wrong_type_is_422_on_the_streaming_route_too() {
        String agent = Agents.create();
        given().contentType(ContentType.JSON).body("{\"messages\": [{\"role\": 5, \"content\": \"hi\"}], \"streaming\": true}")
                .post("/v1/agents/{id}/messages", agent).then()
                .statusCode(422).body("detail", equalTo("body.messages[0].role: Input should be a valid string"));
    }

    @Test
    void an_empty_block_label_is_422_wherever_a_label_is_given() {
        given().contentType(ContentType.JSON).body(Map.of("label", "", "value", "v")).post("/v1/blocks/").then()
                .statusCode(422).body("detail", startsWith("body.label:"));
        given().contentType(ContentType.JSON).body(Map.of("label", "  ", "value", "v")).post("/v1/blocks/").then()
                .statusCode(422).body("detail", startsWith("body.label:"));
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("memory_blocks", List.of(Map.of("label", "", "value", "v")));
        given().contentType(ContentType.JSON).body(body).post("/v1/agents/").then()
                .statusCode(422).body("detail", startsWith("body.memory_blocks[0].label:"));
        String block = given().contentType(ContentType.JSON).body(Map.of("label", "notes", "value", "v")).post("/v1/blocks/")
                .then().statusCode(200).extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("label", "")).patch("/v1/blocks/{id}", block).then()
                .statusCode(422).body("detail", startsWith("body.label:"));
        String agent = Agents.create();
        given().contentType(ContentType.JSON).body(Map.of("label", "")).patch("/v1/agents/{id}/core-memory/blocks/human", agent).then()
                .statusCode(422).body("detail", startsWith("body.label:"));
        given().get("/v1/blocks/{id}", block).then().body("label", equalTo("notes"));
    }

    @Test
    void the_default_local_embedding_model_answers_an_endpoint_type_of_lettas_enum() {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("embedding", "local/all-minilm-l6-v2-q");
        String agent = Agents.create(body);
        given().get("/v1/agents/{id}", agent).then().statusCode(200)
                .body("embedding_config.embedding_endpoint_type", equalTo("openai"))
                .body("embedding_config.embedding_endpoint", endsWith("/v1"))
                .body("embedding_config.handle", equalTo("local/all-minilm-l6-v2-q"));
        given().get("/v1/models/embedding").then().statusCode(200)
                .body("findAll { it.handle.startsWith('local/') }.embedding_endpoint_type", org.hamcrest.Matchers.everyItem(equalTo("openai")))
                .body("findAll { it.handle.startsWith('local/') }.provider_name", org.hamcrest.Matchers.everyItem(equalTo("local")))
                .body("embedding_endpoint_type", org.hamcrest.Matchers.everyItem(oneOf("openai", "ollama")));
    }

    @Test
    void options_not_implemented_yet_are_refused_on_create_and_nothing_is_created() {
        long before = count();
        Map<String, Object> cases = Map.of(
                "enable_sleeptime", true,
                "response_format", Map.of("type", "json_object"));
        cases.forEach((field, value) -> {
            Map<String, Object> body = new HashMap<>(Agents.quickStart());
            body.put(field, value);
            given().contentType(ContentType.JSON).body(body).post("/v1/agents/").then()
                    .statusCode(422).body("detail", equalTo(field + ": not supported yet"));
        });
        org.junit.jupiter.api.Assertions.assertEquals(before, count());
        // their defaults are fine
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("enable_sleeptime", false);
        body.put("response_format", Map.of("type", "text"));
        body.put("secrets", Map.of());
        Agents.create(body);
    }

    @Test
    void options_not_implemented_yet_are_refused_on_update_and_on_messages() {
        String agent = Agents.create();
        given().contentType(ContentType.JSON).body(Map.of("enable_sleeptime", true)).patch("/v1/agents/{id}", agent).then()
                .statusCode(422).body("detail", equalTo("enable_sleeptime: not supported yet"));
        Map<String, Object> cases = Map.of(
                "enable_thinking", false,
                "return_logprobs", true,
                "top_logprobs", 3,
                "return_token_ids", true);
        cases.forEach((field, value) -> {
            for (boolean streaming : new boolean[] {false, true}) {
                Map<String, Object> body = new HashMap<>(Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))));
                body.put(field, value);
                body.put("streaming", streaming);
                given().contentType(ContentType.JSON).body(body).post("/v1/agents/{id}/messages", agent).then()
                        .statusCode(422).body("detail", equalTo(field + ": not supported yet"));
            }
        });
        given().get("/v1/agents/{id}/messages", agent).then().body("message_type", hasSize(1)); // the system message only
    }

    private static long count() {
        return given().get("/v1/agents/count").then().statusCode(200).extract().as(Long.class);
    }
}
