package dev.engram.memory.block;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class IdempotencyTest {

    private static String key() {
        return "key-" + UUID.randomUUID();
    }

    @Test
    void replayed_edit_returns_the_first_result_and_applies_once() {
        String id = Blocks.create("human", "a");
        String key = key();
        String first = given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(Map.of("op", "append", "content", "b"))
                .post("/v1/blocks/{id}/edits", id).then().statusCode(200).extract().asString();
        // a third writer changes the block in between: the replay must still answer what the first call answered
        Blocks.edit(id, Map.of("op", "append", "content", "c")).statusCode(200);
        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(Map.of("op", "append", "content", "b"))
                .post("/v1/blocks/{id}/edits", id).then().statusCode(200)
                .body("value", equalTo("a\nb"))
                .body("version", equalTo(io.restassured.path.json.JsonPath.from(first).getInt("version")));
        assertEquals("a\nb\nc", Blocks.value(id));
    }

    @Test
    void replayed_create_makes_one_block() {
        String label = "idem-" + UUID.randomUUID();
        String key = key();
        String a = given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(Map.of("label", label, "value", "v"))
                .post("/v1/blocks").then().statusCode(200).extract().path("id");
        String b = given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(Map.of("label", label, "value", "v"))
                .post("/v1/blocks").then().statusCode(200).extract().path("id");
        assertEquals(a, b);
        given().queryParam("label", label).get("/v1/blocks").then().body("", hasSize(1));
    }

    @Test
    void a_rejected_edit_replays_as_the_same_rejection() {
        String id = Blocks.create("human", "a");
        String key = key();
        for (int i = 0; i < 2; i++) {
            given().header("Idempotency-Key", key).contentType(ContentType.JSON)
                    .body(Map.of("op", "replace_unique", "old_string", "zzz", "new_string", "y"))
                    .post("/v1/blocks/{id}/edits", id).then().statusCode(400)
                    .body("detail", equalTo("No replacement was performed, old_string `zzz` did not appear verbatim in memory block "
                            + "with label `human`."));
        }
    }

    @Test
    void a_key_reused_for_another_request_is_422() {
        String id = Blocks.create("human", "a");
        String key = key();
        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(Map.of("op", "append", "content", "b"))
                .post("/v1/blocks/{id}/edits", id).then().statusCode(200);
        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(Map.of("op", "append", "content", "other"))
                .post("/v1/blocks/{id}/edits", id).then().statusCode(422)
                .body("detail", equalTo("Idempotency-Key: this key was already used for a different request"));
        assertEquals("a\nb", Blocks.value(id));
    }

    @Test
    void replayed_delete_answers_like_the_first() {
        String id = Blocks.create("human", "a");
        String key = key();
        given().header("Idempotency-Key", key).delete("/v1/blocks/{id}", id).then().statusCode(204);
        given().header("Idempotency-Key", key).delete("/v1/blocks/{id}", id).then().statusCode(204);
        given().delete("/v1/blocks/{id}", id).then().statusCode(404);
    }
}
