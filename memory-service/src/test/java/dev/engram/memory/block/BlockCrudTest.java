package dev.engram.memory.block;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class BlockCrudTest {

    @Test
    void created_block_has_letta_id_defaults_and_is_readable() {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("label", "human", "value", "Name: Ann", "tags", List.of("t1"), "metadata", Map.of("k", "v")))
                .post("/v1/blocks")
                .then().statusCode(200)
                .body("id", matchesPattern("block-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"))
                .body("limit", is(100000))
                .body("read_only", is(false))
                .body("version", is(1))
                .body("created_by_id", equalTo("user-00000000-0000-4000-8000-000000000000"))
                .extract().path("id");
        given().get("/v1/blocks/{id}", id).then().statusCode(200)
                .body("label", equalTo("human"))
                .body("value", equalTo("Name: Ann"))
                .body("tags", contains("t1"))
                .body("metadata.k", equalTo("v"));
    }

    @Test
    void missing_label_or_value_is_422_naming_the_field() {
        given().contentType(ContentType.JSON).body(Map.of("value", "x")).post("/v1/blocks")
                .then().statusCode(422).body("detail", containsString("label"));
        given().contentType(ContentType.JSON).body(Map.of("label", "x")).post("/v1/blocks")
                .then().statusCode(422).body("detail", containsString("value"));
    }

    @Test
    void wrongly_typed_field_is_422_naming_the_field() {
        given().contentType(ContentType.JSON).body("{\"label\":\"x\",\"value\":\"y\",\"limit\":\"many\"}").post("/v1/blocks")
                .then().statusCode(422).body("detail", containsString("limit"));
    }

    @Test
    void malformed_id_is_422_and_unknown_id_is_404() {
        given().get("/v1/blocks/{id}", "block-123").then().statusCode(422).body("detail", containsString("block_id"));
        given().get("/v1/blocks/{id}", "block-" + UUID.randomUUID()).then().statusCode(404).body("detail", equalTo("Block not found"));
        given().contentType(ContentType.JSON).body(Map.of("value", "x"))
                .patch("/v1/blocks/{id}", "block-" + UUID.randomUUID()).then().statusCode(404);
        given().delete("/v1/blocks/{id}", "block-" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void value_over_the_limit_is_rejected_with_letta_message() {
        given().contentType(ContentType.JSON).body(Map.of("label", "l", "value", "abcdef", "limit", 5)).post("/v1/blocks")
                .then().statusCode(422).body("detail", equalTo("Edit failed: Exceeds 5 character limit (requested 6)"));
        String id = Blocks.create(Map.of("label", "l", "value", "abc", "limit", 5));
        given().contentType(ContentType.JSON).body(Map.of("value", "abcdefgh")).patch("/v1/blocks/{id}", id)
                .then().statusCode(422).body("detail", equalTo("Edit failed: Exceeds 5 character limit (requested 8)"));
        given().contentType(ContentType.JSON).body(Map.of("limit", 2)).patch("/v1/blocks/{id}", id)
                .then().statusCode(400).body("detail", equalTo("Limit (2) cannot be less than current value length (3 characters)"));
        org.junit.jupiter.api.Assertions.assertEquals("abc", Blocks.value(id));
    }

    @Test
    void limit_counts_characters_not_utf16_units() {
        // four emoji are four characters for Letta (Python len), eight UTF-16 units for Java
        Blocks.create(Map.of("label", "l", "value", "😀😀😀😀", "limit", 4));
    }

    @Test
    void null_bytes_are_stripped_from_values() {
        String id = Blocks.create("human", "a\u0000b");
        org.junit.jupiter.api.Assertions.assertEquals("ab", Blocks.value(id));
        given().contentType(ContentType.JSON).body(Map.of("value", "c\u0000d")).patch("/v1/blocks/{id}", id).then().statusCode(200)
                .body("value", equalTo("cd"));
    }

    @Test
    void patch_changes_only_given_fields_and_bumps_version() {
        String id = Blocks.create(Map.of("label", "persona", "value", "v1", "description", "who I am"));
        given().contentType(ContentType.JSON).body(Map.of("value", "v2", "read_only", true)).patch("/v1/blocks/{id}", id)
                .then().statusCode(200)
                .body("value", equalTo("v2"))
                .body("read_only", is(true))
                .body("description", equalTo("who I am"))
                .body("version", is(2));
        given().get("/v1/blocks/{id}/history", id).then().statusCode(200)
                .body("operation", contains("create", "update"))
                .body("previous_value", contains(nullValue(), equalTo("v1")))
                .body("new_value", contains("v1", "v2"));
    }

    @Test
    void delete_removes_the_block_and_its_attachments() {
        String agent = Blocks.newAgentId();
        String id = Blocks.create("human", "x");
        Blocks.attach(agent, id);
        given().delete("/v1/blocks/{id}", id).then().statusCode(204);
        given().get("/v1/blocks/{id}", id).then().statusCode(404);
        given().get("/v1/agents/{agent}/blocks", agent).then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void list_pages_with_after_before_limit_and_order() {
        String label = "page-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(Blocks.create(label, "v" + i));
        }
        given().queryParam("label", label).get("/v1/blocks").then().statusCode(200).body("id", equalTo(ids));
        given().queryParam("label", label).queryParam("limit", 2).get("/v1/blocks")
                .then().body("id", equalTo(ids.subList(0, 2)));
        given().queryParam("label", label).queryParam("limit", 2).queryParam("after", ids.get(1)).get("/v1/blocks")
                .then().body("id", equalTo(ids.subList(2, 4)));
        given().queryParam("label", label).queryParam("limit", 2).queryParam("before", ids.get(3)).get("/v1/blocks")
                .then().body("id", equalTo(ids.subList(1, 3)));
        given().queryParam("label", label).queryParam("order", "desc").queryParam("limit", 2).get("/v1/blocks")
                .then().body("id", equalTo(List.of(ids.get(4), ids.get(3))));
        given().queryParam("label", label).queryParam("order", "desc").queryParam("after", ids.get(3)).get("/v1/blocks")
                .then().body("id", equalTo(List.of(ids.get(2), ids.get(1), ids.get(0))));
        given().queryParam("label", label).get("/v1/blocks/count").then().statusCode(200).body(equalTo("5"));
        given().queryParam("order", "sideways").get("/v1/blocks").then().statusCode(422).body("detail", containsString("order"));
        given().queryParam("limit", 0).get("/v1/blocks").then().statusCode(422).body("detail", containsString("limit"));
    }

    @Test
    void list_filters_by_tags_any_or_all_and_hides_hidden_blocks() {
        String tag = "tag-" + UUID.randomUUID().toString().substring(0, 8);
        String both = Blocks.create(Map.of("label", "a", "value", "x", "tags", List.of(tag, tag + "-b")));
        String one = Blocks.create(Map.of("label", "a", "value", "x", "tags", List.of(tag)));
        Blocks.create(Map.of("label", "a", "value", "x", "tags", List.of(tag), "hidden", true));
        given().queryParam("tags", tag, tag + "-b").get("/v1/blocks").then().body("id", equalTo(List.of(both, one)));
        given().queryParam("tags", tag, tag + "-b").queryParam("match_all_tags", true).get("/v1/blocks")
                .then().body("id", equalTo(List.of(both)));
        given().queryParam("tags", tag).queryParam("show_hidden_blocks", true).get("/v1/blocks").then().body("", hasSize(3));
    }

    @Test
    void data_is_scoped_to_the_callers_organization() {
        String id = given().header("X-Engram-Org", "org-" + UUID.randomUUID()).contentType(ContentType.JSON)
                .body(Map.of("label", "human", "value", "secret")).post("/v1/blocks").then().statusCode(200).extract().path("id");
        given().get("/v1/blocks/{id}", id).then().statusCode(404);
    }

    @Test
    void tags_are_the_distinct_tags_of_the_organizations_blocks_in_name_order_with_cursors_and_a_text_filter() {
        String org = "org-" + UUID.randomUUID();
        for (List<String> tags : List.of(List.of("beta", "alpha"), List.of("alpha", "Gamma_1"), List.of("gammaX1"), List.<String>of())) {
            given().header("X-Engram-Org", org).contentType(ContentType.JSON)
                    .body(Map.of("label", "l", "value", "v", "tags", tags)).post("/v1/blocks").then().statusCode(200);
        }
        given().header("X-Engram-Org", "org-" + UUID.randomUUID()).contentType(ContentType.JSON)
                .body(Map.of("label", "l", "value", "v", "tags", List.of("other-org"))).post("/v1/blocks").then().statusCode(200);
        given().header("X-Engram-Org", org).get("/v1/blocks/tags").then().statusCode(200)
                .body("", contains("Gamma_1", "alpha", "beta", "gammaX1"));
        given().header("X-Engram-Org", org).queryParam("order", "desc").queryParam("limit", 2).get("/v1/blocks/tags")
                .then().body("", contains("gammaX1", "beta"));
        given().header("X-Engram-Org", org).queryParam("after", "alpha").get("/v1/blocks/tags").then().body("", contains("beta", "gammaX1"));
        given().header("X-Engram-Org", org).queryParam("before", "beta").queryParam("order", "desc").get("/v1/blocks/tags")
                .then().body("", contains("gammaX1"));
        // any case, and an underscore is a character, not a wildcard
        given().header("X-Engram-Org", org).queryParam("query_text", "GAMMA_").get("/v1/blocks/tags").then().body("", contains("Gamma_1"));
        given().header("X-Engram-Org", org).queryParam("order", "sideways").get("/v1/blocks/tags").then().statusCode(422)
                .body("detail", containsString("order"));
    }

    @Test
    void list_can_be_narrowed_to_given_ids_hidden_ones_with_show_hidden() {
        String a = Blocks.create("a", "x");
        Blocks.create("b", "x");
        String hidden = Blocks.create(Map.of("label", "c", "value", "x", "hidden", true));
        given().queryParam("id", a, hidden).get("/v1/blocks").then().statusCode(200).body("id", equalTo(List.of(a)));
        given().queryParam("id", a, hidden).queryParam("show_hidden_blocks", true).get("/v1/blocks").then()
                .body("id", equalTo(List.of(a, hidden)));
        given().queryParam("id", "block-" + UUID.randomUUID()).get("/v1/blocks").then().statusCode(200).body("", hasSize(0));
    }
}
