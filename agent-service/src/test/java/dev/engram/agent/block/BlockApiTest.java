package dev.engram.agent.block;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class BlockApiTest {

    static String create(String label, String value) {
        return given().contentType(ContentType.JSON).body(Map.of("label", label, "value", value))
                .post("/v1/blocks/").then().statusCode(200).extract().path("id");
    }

    @Test
    void create_returns_lettas_block_response() {
        given().contentType(ContentType.JSON)
                .body(Map.of("label", "human", "value", "Role: founder.", "description", "About the user", "tags", List.of("x")))
                .post("/v1/blocks/")
                .then().statusCode(200)
                .body("label", equalTo("human"))
                .body("value", equalTo("Role: founder."))
                .body("limit", is(100000))
                .body("read_only", is(false))
                .body("is_template", is(false))
                .body("preserve_on_migration", is(false))
                .body("metadata", equalTo(Map.of()))
                .body("tags", equalTo(List.of("x")))
                .body("created_by_id", equalTo("user-00000000-0000-4000-8000-000000000000"))
                .body("$", hasKey("project_id"))
                .body("$", not(hasKey("organization_id")))
                .body("$", not(hasKey("version")));
    }

    @Test
    void both_slash_forms_of_every_route_work() {
        String id = create("human", "x");
        given().get("/v1/blocks").then().statusCode(200);
        given().get("/v1/blocks/").then().statusCode(200);
        given().get("/v1/blocks/count").then().statusCode(200);
        given().get("/v1/blocks/count/").then().statusCode(200);
        given().get("/v1/blocks/" + id).then().statusCode(200);
        given().get("/v1/blocks/" + id + "/").then().statusCode(200);
        given().get("/v1/health/").then().statusCode(200).body("status", equalTo("ok"));
        given().get("/v1/health").then().statusCode(200).body("status", equalTo("ok"));
        given().contentType(ContentType.JSON).body(Map.of("label", "a", "value", "b")).post("/v1/blocks").then().statusCode(200);
    }

    @Test
    void get_patch_delete_round_trip() {
        String id = create("persona", "I am helpful.");
        given().contentType(ContentType.JSON).body(Map.of("value", "I am terse.", "description", "the persona"))
                .patch("/v1/blocks/{id}", id).then().statusCode(200)
                .body("value", equalTo("I am terse.")).body("description", equalTo("the persona")).body("label", equalTo("persona"));
        given().get("/v1/blocks/{id}", id).then().statusCode(200).body("value", equalTo("I am terse."));
        given().delete("/v1/blocks/{id}", id).then().statusCode(200).body(equalTo("null"));
        given().get("/v1/blocks/{id}", id).then().statusCode(404).body("detail", equalTo("Block not found"));
    }

    @Test
    void list_is_a_bare_array_paged_by_cursors() {
        String label = "p" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(create(label, "v" + i));
        }
        given().queryParam("label", label).get("/v1/blocks/").then().statusCode(200).body("id", equalTo(ids));
        given().queryParam("label", label).queryParam("limit", 2).queryParam("after", ids.get(1)).get("/v1/blocks/")
                .then().body("id", equalTo(ids.subList(2, 4)));
        given().queryParam("label", label).queryParam("limit", 1).queryParam("before", ids.get(2)).get("/v1/blocks/")
                .then().body("id", equalTo(List.of(ids.get(1))));
        given().queryParam("label", label).queryParam("order", "desc").queryParam("limit", 3).get("/v1/blocks/")
                .then().body("id", equalTo(List.of(ids.get(3), ids.get(2), ids.get(1))));
        given().queryParam("label", label).get("/v1/blocks/count").then().statusCode(200).body(equalTo("4"));
    }

    @Test
    void bad_input_gets_422_naming_the_field() {
        given().contentType(ContentType.JSON).body(Map.of("value", "x")).post("/v1/blocks/")
                .then().statusCode(422).body("detail", containsString("label"));
        given().contentType(ContentType.JSON).body(Map.of("label", "x")).post("/v1/blocks/")
                .then().statusCode(422).body("detail", containsString("value"));
        given().contentType(ContentType.JSON).body("{\"label\": \"x\", \"value\": [1]}").post("/v1/blocks/")
                .then().statusCode(422).body("detail", containsString("value"));
        given().contentType(ContentType.JSON).body("{not json").post("/v1/blocks/").then().statusCode(422);
        given().get("/v1/blocks/{id}", "block-42").then().statusCode(422).body("detail", containsString("block_id"));
        given().queryParam("label", "bad label!").get("/v1/blocks/").then().statusCode(422).body("detail", containsString("label"));
        given().queryParam("order", "up").get("/v1/blocks/").then().statusCode(422).body("detail", containsString("order"));
    }

    @Test
    void unknown_block_is_404() {
        String id = "block-" + UUID.randomUUID();
        given().get("/v1/blocks/{id}", id).then().statusCode(404).body("detail", equalTo("Block not found"));
        given().contentType(ContentType.JSON).body(Map.of("value", "x")).patch("/v1/blocks/{id}", id).then().statusCode(404);
        given().delete("/v1/blocks/{id}", id).then().statusCode(404);
    }

    @Test
    void value_over_the_limit_is_rejected_with_lettas_message() {
        given().contentType(ContentType.JSON).body(Map.of("label", "l", "value", "toolong", "limit", 3)).post("/v1/blocks/")
                .then().statusCode(422).body("detail", equalTo("Edit failed: Exceeds 3 character limit (requested 7)"));
    }

    @Test
    void body_over_one_mebibyte_is_413() {
        String big = "a".repeat(1024 * 1024 + 10);
        given().contentType(ContentType.JSON).body(Map.of("label", "l", "value", big)).post("/v1/blocks/")
                .then().statusCode(413).body("detail", containsString("too large"));
    }

    @Test
    void the_user_id_header_selects_the_acting_user() {
        given().header("user_id", "user-123e4567-e89b-42d3-8456-426614174000").contentType(ContentType.JSON)
                .body(Map.of("label", "l", "value", "v")).post("/v1/blocks/")
                .then().statusCode(200).body("created_by_id", equalTo("user-123e4567-e89b-42d3-8456-426614174000"));
    }
}
