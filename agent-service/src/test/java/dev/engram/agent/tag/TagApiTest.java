package dev.engram.agent.tag;

import dev.engram.agent.support.Agents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;

@QuarkusTest
class TagApiTest {

    @Test
    void tags_of_agents_and_blocks_are_merged_without_repeats_in_name_order() {
        String p = "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
        agentWithTags(List.of(p + "b", p + "a"));
        agentWithTags(List.of(p + "a", p + "D"));
        blockWithTags(List.of(p + "c", p + "b"));
        given().queryParam("query_text", p).get("/v1/tags/").then().statusCode(200)
                .body("", contains(p + "D", p + "a", p + "b", p + "c"));
        given().queryParam("name", p).queryParam("order", "desc").get("/v1/tags").then().statusCode(200)
                .body("", contains(p + "c", p + "b", p + "a", p + "D"));
        // a name filter matches in any case; name wins over the deprecated query_text
        given().queryParam("name", p.toUpperCase() + "C").queryParam("query_text", "nothing").get("/v1/tags/").then()
                .body("", contains(p + "c"));
    }

    @Test
    void tags_page_with_tag_cursors_and_a_limit_over_both_sources() {
        String p = "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
        agentWithTags(List.of(p + "1", p + "4"));
        blockWithTags(List.of(p + "2", p + "3", p + "5"));
        given().queryParam("name", p).queryParam("limit", 2).get("/v1/tags/").then().body("", contains(p + "1", p + "2"));
        given().queryParam("name", p).queryParam("after", p + "2").queryParam("limit", 2).get("/v1/tags/").then()
                .body("", contains(p + "3", p + "4"));
        given().queryParam("name", p).queryParam("after", p + "4").queryParam("order", "desc").get("/v1/tags/").then()
                .body("", contains(p + "3", p + "2", p + "1"));
        given().queryParam("name", p).queryParam("before", p + "3").get("/v1/tags/").then().body("", contains(p + "1", p + "2"));
        given().queryParam("name", p).queryParam("after", p + "5").get("/v1/tags/").then().body("", empty());
    }

    @Test
    void bad_paging_is_422_naming_the_parameter() {
        given().queryParam("limit", 0).get("/v1/tags/").then().statusCode(422).body("detail", containsString("limit"));
        given().queryParam("order", "up").get("/v1/tags/").then().statusCode(422).body("detail", containsString("order"));
        given().queryParam("order_by", "created_at").get("/v1/tags/").then().statusCode(422).body("detail", containsString("order_by"));
    }

    private static void agentWithTags(List<String> tags) {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("tags", tags);
        Agents.create(body);
    }

    private static void blockWithTags(List<String> tags) {
        given().contentType(ContentType.JSON).body(Map.of("label", "notes", "value", "x", "tags", tags)).post("/v1/blocks/")
                .then().statusCode(200);
    }
}
