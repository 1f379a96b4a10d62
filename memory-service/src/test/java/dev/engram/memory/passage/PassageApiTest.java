package dev.engram.memory.passage;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class PassageApiTest {

    @Test
    void an_insert_is_embedded_stored_and_found_by_the_next_search() {
        String agent = Passages.agent();
        String id = Passages.insert(agent, "The user's favourite framework is Nuxt.", List.of("tech"), null);
        given().get("/v1/agents/{a}/passages/{id}", agent, id).then().statusCode(200)
                .body("embedded", is(true)).body("embedding_dim", is(384)).body("tags", contains("tech"));
        Passages.search(agent, "which web framework does the user like?", Map.of()).statusCode(200)
                .body("results[0].id", equalTo(id))
                .body("results[0].content", equalTo("The user's favourite framework is Nuxt."))
                .body("results[0].tags", contains("tech"))
                .body("mode", equalTo("hybrid"))
                .body("count", is(1));
    }

    @Test
    void the_context_counts_the_agents_passages_and_lists_their_tags_and_no_one_elses() {
        String agent = Passages.agent();
        given().get("/v1/agents/{a}/context", agent).then().statusCode(200).body("archival_count", is(0)).body("archival_tags", empty());
        Passages.insert(agent, "Standup moved to 10am.", List.of("work", "meetings"), null);
        Passages.insert(agent, "Prefers tea to coffee.", List.of("food"), null);
        Passages.insert(Passages.agent(), "Someone else's note.", List.of("other"), null);
        given().get("/v1/agents/{a}/context", agent).then().statusCode(200)
                .body("archival_count", is(2))
                .body("archival_tags", contains("food", "meetings", "work"));
    }

    @Test
    void hybrid_bm25_and_dense_modes_each_work() {
        String agent = Passages.agent();
        String pets = Passages.insert(agent, "Rex is a golden retriever who loves the beach.");
        Passages.insert(agent, "Quarterly revenue grew by twelve percent.");
        for (String mode : List.of("hybrid", "bm25", "dense")) {
            Passages.search(agent, "golden retriever", Map.of("mode", mode)).statusCode(200)
                    .body("results[0].id", equalTo(pets)).body("mode", equalTo(mode));
        }
        // meaning without shared words: only the dense ranking can find it
        Passages.search(agent, "a dog at the seaside", Map.of("mode", "dense", "top_k", 1)).body("results[0].id", equalTo(pets));
    }

    @Test
    void index_context_finds_a_passage_by_what_surrounds_it_and_is_never_shown_in_results() {
        String agent = Passages.agent();
        Map<String, Object> body = Map.of("text", "Yes, it was amazing!", "embedding_handle", Passages.MODEL,
                "index_context", "Melanie: Did you finally see the northern lights in Norway?");
        String id = given().contentType(ContentType.JSON).body(body).post("/v1/agents/{a}/passages", agent).then()
                .statusCode(200).body("index_context", equalTo("Melanie: Did you finally see the northern lights in Norway?"))
                .extract().path("id");
        Passages.insert(agent, "We watched a film about the sea.");
        for (String mode : List.of("bm25", "hybrid")) {
            Passages.search(agent, "when did she see the northern lights?", Map.of("mode", mode, "top_k", 1))
                    .statusCode(200).body("results[0].id", equalTo(id))
                    .body("results[0].content", equalTo("Yes, it was amazing!"));
        }
        // the rebuild from PostgreSQL indexes the context again
        given().post("/v1/index/rebuild").then().statusCode(200);
        Passages.search(agent, "northern lights", Map.of("mode", "bm25")).body("results.id", contains(id));
    }

    @Test
    void a_batch_is_embedded_stored_and_found_in_one_request() {
        String agent = Passages.agent();
        List<Map<String, Object>> batch = List.of(
                Map.of("text", "Rex is a golden retriever who loves the beach.", "embedding_handle", Passages.MODEL,
                        "created_at", "2024-05-08T13:56:00Z"),
                Map.of("text", "Quarterly revenue grew by twelve percent.", "embedding_handle", Passages.MODEL,
                        "tags", List.of("finance")));
        List<String> ids = given().contentType(ContentType.JSON).body(Map.of("passages", batch))
                .post("/v1/agents/{a}/passages/batch", agent).then().statusCode(200)
                .body("embedded", everyItem(is(true))).body("[0].created_at", equalTo("2024-05-08T13:56:00Z"))
                .body("[1].tags", contains("finance"))
                .extract().path("id");
        assertEquals(2, ids.size());
        Passages.search(agent, "a dog at the seaside", Map.of("mode", "dense", "top_k", 1)).body("results[0].id", equalTo(ids.get(0)));
        Passages.search(agent, "revenue", Map.of("mode", "bm25")).body("results.id", contains(ids.get(1)));
    }

    @Test
    void a_batch_with_one_bad_passage_stores_nothing_and_names_it() {
        String agent = Passages.agent();
        List<Map<String, Object>> batch = List.of(Map.of("text", "fine"), Map.of("text", "  "));
        given().contentType(ContentType.JSON).body(Map.of("passages", batch))
                .post("/v1/agents/{a}/passages/batch", agent).then().statusCode(422)
                .body("detail", equalTo("passages[1].text: must not be empty"));
        given().get("/v1/agents/{a}/passages", agent).then().statusCode(200).body("$", empty());
        given().contentType(ContentType.JSON).body(Map.of("passages", List.of()))
                .post("/v1/agents/{a}/passages/batch", agent).then().statusCode(422)
                .body("detail", containsString("between 1 and 500"));
    }

    @Test
    void text_only_agents_search_with_bm25() {
        String agent = Passages.agent();
        String id = given().contentType(ContentType.JSON).body(Map.of("text", "Meeting notes about the Q3 roadmap"))
                .post("/v1/agents/{a}/passages", agent).then().statusCode(200).body("embedded", is(false)).extract().path("id");
        given().queryParam("query", "roadmap").get("/v1/agents/{a}/passages/search", agent).then().statusCode(200)
                .body("results[0].id", equalTo(id)).body("mode", equalTo("bm25"));
    }

    @Test
    void tags_any_or_all_and_inclusive_time_range_filter_results() {
        String agent = Passages.agent();
        String both = Passages.insert(agent, "Planning meeting about the launch", List.of("meetings", "roadmap"), "2026-01-10T12:00:00Z");
        String meeting = Passages.insert(agent, "Weekly meeting about hiring", List.of("meetings"), "2026-02-10T12:00:00Z");
        Passages.insert(agent, "A note about lunch", List.of("food"), "2026-03-10T12:00:00Z");
        Passages.search(agent, "meeting", Map.of("tags", List.of("meetings", "roadmap"), "top_k", 10))
                .body("results.id", hasSize(2)).body("results.id", hasItem(meeting));
        Passages.search(agent, "meeting", Map.of("tags", List.of("meetings", "roadmap"), "tag_match_mode", "all", "top_k", 10))
                .body("results.id", contains(both));
        Passages.search(agent, "meeting", Map.of("start_datetime", "2026-02-10", "end_datetime", "2026-02-10", "top_k", 10))
                .body("results.id", contains(meeting))
                .body("results[0].timestamp", equalTo("2026-02-10T12:00:00+00:00"));
        Passages.search(agent, "meeting", Map.of("start_datetime", "2026-02-10", "timezone", "America/New_York", "top_k", 10))
                .body("results[0].timestamp", equalTo("2026-02-10T07:00:00-05:00"));
    }

    @Test
    void a_search_never_returns_another_agents_or_organizations_passage() {
        String mine = Passages.agent();
        String theirs = Passages.agent();
        Passages.insert(mine, "alpha bravo charlie");
        String theirId = Passages.insert(theirs, "alpha bravo charlie delta");
        String otherOrgId = given().header("X-Engram-Org", "org-" + UUID.randomUUID()).contentType(ContentType.JSON)
                .body(Map.of("text", "alpha bravo charlie echo", "embedding_handle", Passages.MODEL))
                .post("/v1/agents/{a}/passages", mine).then().statusCode(200).extract().path("id");
        Passages.search(mine, "alpha bravo charlie", Map.of("top_k", 100))
                .body("results.id", not(hasItem(theirId))).body("results.id", not(hasItem(otherOrgId))).body("results", hasSize(1));
    }

    @Test
    void bad_input_is_rejected_with_the_field_named() {
        String agent = Passages.agent();
        given().contentType(ContentType.JSON).body(Map.of("text", "   ")).post("/v1/agents/{a}/passages", agent)
                .then().statusCode(422).body("detail", equalTo("text: must not be empty"));
        given().contentType(ContentType.JSON).body(Map.of("tags", List.of("x"))).post("/v1/agents/{a}/passages", agent)
                .then().statusCode(422).body("detail", containsString("text"));
        String huge = "lorem ipsum dolor sit amet ".repeat(2000);
        given().contentType(ContentType.JSON).body(Map.of("text", huge)).post("/v1/agents/{a}/passages", agent)
                .then().statusCode(422).body("detail", containsString("8192 tokens"));
        Passages.search(agent, "x", Map.of("top_k", 0)).statusCode(422).body("detail", containsString("top_k"));
        Passages.search(agent, "x", Map.of("top_k", 101)).statusCode(422).body("detail", containsString("top_k"));
        Passages.search(agent, "x", Map.of("tag_match_mode", "some")).statusCode(422).body("detail", containsString("tag_match_mode"));
        Passages.search(agent, "x", Map.of("start_datetime", "soon")).statusCode(400)
                .body("detail", equalTo("Invalid start_datetime format: soon. Use ISO 8601 format (YYYY-MM-DD or YYYY-MM-DDTHH:MM)"));
        given().get("/v1/agents/{a}/passages/search", agent).then().statusCode(422).body("detail", containsString("query"));
        given().get("/v1/agents/{a}/passages/{id}", agent, "passage-" + UUID.randomUUID()).then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("text", "x", "embedding_handle", "nowhere/model"))
                .post("/v1/agents/{a}/passages", agent).then().statusCode(400);
    }

    @Test
    void list_pages_in_time_order_with_a_text_filter() {
        String agent = Passages.agent();
        String a = Passages.insert(agent, "first apple", List.of(), "2026-01-01T00:00:00Z");
        String b = Passages.insert(agent, "second banana", List.of(), "2026-01-02T00:00:00Z");
        String c = Passages.insert(agent, "third apple", List.of(), "2026-01-03T00:00:00Z");
        given().get("/v1/agents/{a}/passages", agent).then().body("id", contains(a, b, c));
        given().queryParam("ascending", false).queryParam("limit", 2).get("/v1/agents/{a}/passages", agent).then().body("id", contains(c, b));
        given().queryParam("after", a).get("/v1/agents/{a}/passages", agent).then().body("id", contains(b, c));
        given().queryParam("search", "APPLE").get("/v1/agents/{a}/passages", agent).then().body("id", contains(a, c));
    }

    @Test
    void deleted_passages_disappear_from_search() {
        String agent = Passages.agent();
        String id = Passages.insert(agent, "temporary secret passphrase");
        given().delete("/v1/agents/{a}/passages/{id}", agent, id).then().statusCode(200)
                .body("message", equalTo("Memory id=" + id + " successfully deleted"));
        Passages.search(agent, "secret passphrase", Map.of()).body("results", empty());
        given().delete("/v1/agents/{a}/passages/{id}", agent, id).then().statusCode(404);
    }

    @Test
    void a_replayed_insert_stores_one_passage() {
        String agent = Passages.agent();
        for (int i = 0; i < 2; i++) {
            given().header("Idempotency-Key", "call_abc").contentType(ContentType.JSON)
                    .body(Map.of("text", "only once", "embedding_handle", Passages.MODEL))
                    .post("/v1/agents/{a}/passages", agent).then().statusCode(200);
        }
        given().get("/v1/agents/{a}/passages", agent).then().body("", hasSize(1));
        Passages.search(agent, "only once", Map.of("top_k", 10)).body("results", hasSize(1))
                .body("results.content", everyItem(equalTo("only once")));
    }
}
