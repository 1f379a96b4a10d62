package dev.engram.agent.archive;

import dev.engram.agent.support.Agents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@QuarkusTest
class ArchiveApiTest {

    private static RequestSpecification json() {
        return given().contentType(ContentType.JSON);
    }

    private static String archive(String name) {
        return json().body(Map.of("name", name, "embedding", Agents.EMBEDDING)).post("/v1/archives/").then().statusCode(200)
                .extract().path("id");
    }

    private static String passage(String archive, String text, List<String> tags, String createdAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("text", text);
        body.put("tags", tags);
        if (createdAt != null) {
            body.put("created_at", createdAt);
        }
        return json().body(body).post("/v1/archives/{id}/passages", archive).then().statusCode(200)
                .body("archive_id", equalTo(archive)).extract().path("id");
    }

    private static ValidatableResponse archivalSearch(String agent, String query) {
        return given().queryParam("query", query).get("/v1/agents/{id}/archival-memory/search", agent).then().statusCode(200);
    }

    private static ValidatableResponse search(Map<String, Object> body) {
        return json().body(body).post("/v1/passages/search").then();
    }

    private static void attach(String agent, String archive) {
        json().patch("/v1/agents/{a}/archives/attach/{r}", agent, archive).then().statusCode(200);
    }

    @Test
    void an_archive_is_created_fetched_listed_and_renamed_in_lettas_shape() {
        String name = "notes " + UUID.randomUUID();
        String id = json().body(Map.of("name", name, "embedding", Agents.EMBEDDING, "description", "team notes"))
                .post("/v1/archives/").then().statusCode(200)
                .body("id", matchesPattern("archive-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"))
                .body("name", equalTo(name))
                .body("description", equalTo("team notes"))
                .body("vector_db_provider", equalTo("native"))
                .body("embedding_config.embedding_dim", equalTo(384))
                .body("organization_id", matchesPattern("org-.*"))
                .body("created_at", not(nullValue()))
                .extract().path("id");
        given().get("/v1/archives/{id}", id).then().statusCode(200).body("name", equalTo(name));
        given().queryParam("name", name).get("/v1/archives/").then().statusCode(200).body("id", contains(id));
        json().body(Map.of("name", name + " renamed")).patch("/v1/archives/{id}", id).then().statusCode(200)
                .body("name", equalTo(name + " renamed")).body("description", equalTo("team notes"));
        given().get("/v1/archives/{id}", id).then().body("name", equalTo(name + " renamed"));
    }

    @Test
    void an_agents_first_passage_creates_its_default_archive_named_after_the_agent() {
        String agent = Agents.create();
        String agentName = given().get("/v1/agents/{id}", agent).then().extract().path("name");
        given().queryParam("agent_id", agent).get("/v1/archives/").then().statusCode(200).body("$", empty());
        String archiveId = json().body(Map.of("text", "The launch is on Friday.")).post("/v1/agents/{id}/archival-memory", agent)
                .then().statusCode(200).extract().path("[0].archive_id");
        json().body(Map.of("text", "The venue is the old station.")).post("/v1/agents/{id}/archival-memory", agent)
                .then().statusCode(200).body("[0].archive_id", equalTo(archiveId));
        given().get("/v1/archives/{id}", archiveId).then().statusCode(200).body("name", equalTo(agentName + "'s Archive"))
                .body("embedding_config.handle", equalTo(Agents.EMBEDDING));
        given().queryParam("agent_id", agent).get("/v1/archives/").then().statusCode(200).body("id", contains(archiveId));
        given().get("/v1/archives/{id}/agents", archiveId).then().statusCode(200).body("id", contains(agent));
        given().get("/v1/agents/{id}/archival-memory", agent).then().statusCode(200).body("archive_id", everyItem(equalTo(archiveId)));
    }

    @Test
    void every_agent_attached_to_a_shared_archive_searches_it_and_writes_to_its_own() {
        String shared = archive("handbook " + UUID.randomUUID());
        String fact = passage(shared, "Expense reports are due on the fifth of each month.", List.of("finance"), null);
        String a = Agents.create();
        String b = Agents.create();
        attach(a, shared);
        attach(b, shared);
        attach(b, shared); // again: changes nothing
        given().get("/v1/archives/{id}/agents", shared).then().statusCode(200).body("id", containsInAnyOrder(a, b));
        archivalSearch(a, "expense reports due").body("results.id", hasItem(fact));
        archivalSearch(b, "expense reports due").body("results.id", hasItem(fact));
        given().get("/v1/agents/{id}/archival-memory", b).then().statusCode(200).body("id", contains(fact));

        String own = json().body(Map.of("text", "My expense report for March is late.")).post("/v1/agents/{id}/archival-memory", a)
                .then().statusCode(200).extract().path("[0].id");
        String ownArchive = given().get("/v1/agents/{id}/archival-memory", a).then().extract()
                .path("find { it.id == '" + own + "' }.archive_id");
        assertNotEquals(shared, ownArchive);
        archivalSearch(a, "expense report").body("results.id", hasItem(own)).body("results.id", hasItem(fact));
        archivalSearch(b, "expense report").body("results.id", not(hasItem(own)));
        given().queryParam("agent_id", a).get("/v1/archives/").then().body("id", containsInAnyOrder(shared, ownArchive));
    }

    @Test
    void the_archival_memory_tools_search_attached_archives_and_insert_into_the_default_one() {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("tools", List.of("archival_memory_insert", "archival_memory_search"));
        String agent = Agents.create(body);
        String shared = archive("tools " + UUID.randomUUID());
        passage(shared, "The wifi password of the office is plum-42.", List.of(), null);
        attach(agent, shared);
        json().body(Map.of("args", Map.of("query", "office wifi password"))).post("/v1/agents/{id}/tools/{t}/run", agent,
                "archival_memory_search").then().statusCode(200).body("status", equalTo("success"))
                .body("func_return", containsString("plum-42"));
        json().body(Map.of("args", Map.of("content", "The printer is on the second floor."))).post("/v1/agents/{id}/tools/{t}/run",
                agent, "archival_memory_insert").then().statusCode(200).body("status", equalTo("success"));
        search(Map.of("archive_id", shared, "query", "printer")).statusCode(200).body("passage.text", not(hasItem(containsString("printer"))));
        String name = given().get("/v1/agents/{id}", agent).then().extract().path("name");
        given().queryParam("agent_id", agent).get("/v1/archives/").then().statusCode(200)
                .body("name", containsInAnyOrder(name + "'s Archive", given().get("/v1/archives/{id}", shared).then().extract().path("name")));
        search(Map.of("agent_id", agent, "query", "printer second floor")).statusCode(200)
                .body("passage.text", hasItem("The printer is on the second floor."));
    }

    @Test
    void detaching_leaves_the_passages_and_deleting_the_archive_removes_them() {
        String shared = archive("temporary " + UUID.randomUUID());
        String fact = passage(shared, "The staging server restarts at midnight.", List.of(), null);
        String agent = Agents.create();
        attach(agent, shared);
        archivalSearch(agent, "staging server restarts").body("results.id", hasItem(fact));

        json().patch("/v1/agents/{a}/archives/detach/{r}", agent, shared).then().statusCode(200);
        archivalSearch(agent, "staging server restarts").body("results.id", not(hasItem(fact)));
        given().get("/v1/archives/{id}/agents", shared).then().statusCode(200).body("$", empty());
        search(Map.of("archive_id", shared, "query", "staging server")).statusCode(200).body("passage.id", contains(fact));

        attach(agent, shared);
        given().delete("/v1/archives/{id}", shared).then().statusCode(204);
        given().get("/v1/archives/{id}", shared).then().statusCode(404);
        archivalSearch(agent, "staging server restarts").body("results.id", not(hasItem(fact)));
        given().get("/v1/agents/{id}/archival-memory", agent).then().statusCode(200).body("id", not(hasItem(fact)));
        search(Map.of("archive_id", shared, "query", "staging")).statusCode(404);
        search(Map.of("query", "staging server restarts at midnight")).statusCode(200).body("passage.id", not(hasItem(fact)));
    }

    @Test
    void passages_are_inserted_in_batches_and_deleted_from_their_archive() {
        String archive = archive("batch " + UUID.randomUUID());
        List<String> ids = json().body(Map.of("passages", List.of(Map.of("text", "Alpha ships in May."),
                        Map.of("text", "Beta ships in June.", "tags", List.of("beta"), "metadata", Map.of("source", "plan")))))
                .post("/v1/archives/{id}/passages/batch", archive).then().statusCode(200)
                .body("archive_id", everyItem(equalTo(archive)))
                .body("[1].tags", contains("beta"))
                .body("[1].metadata.source", equalTo("plan"))
                .body("[0].embedding_config.handle", equalTo(Agents.EMBEDDING))
                .extract().path("id");
        assertEquals(2, ids.size());
        String other = archive("other " + UUID.randomUUID());
        given().delete("/v1/archives/{a}/passages/{p}", other, ids.get(0)).then().statusCode(404);
        given().delete("/v1/archives/{a}/passages/{p}", archive, ids.get(0)).then().statusCode(204);
        given().delete("/v1/archives/{a}/passages/{p}", archive, ids.get(0)).then().statusCode(404);
        search(Map.of("archive_id", archive, "query", "ships")).statusCode(200).body("passage.id", contains(ids.get(1)));
        json().body(Map.of("passages", List.of(Map.of("text", "ok"), Map.of("tags", List.of("x")))))
                .post("/v1/archives/{id}/passages/batch", archive).then().statusCode(422)
                .body("detail", containsString("passages[1].text"));
        search(Map.of("archive_id", archive, "query", "ok")).statusCode(200).body("passage.text", not(hasItem("ok")));
    }

    @Test
    void the_passage_search_filters_by_archive_tags_and_dates_and_limits_results() {
        String archive = archive("search " + UUID.randomUUID());
        String early = passage(archive, "Quarterly review of the garden project.", List.of("garden", "review"), "2024-01-10T09:00:00Z");
        String late = passage(archive, "Garden project review: tomatoes are thriving.", List.of("garden"), "2024-06-10T09:00:00Z");
        passage(archive, "Kitchen renovation review.", List.of("kitchen"), "2024-03-01T09:00:00Z");

        search(Map.of("archive_id", archive, "query", "garden project review")).statusCode(200)
                .body("passage.id", hasItem(early)).body("passage.id", hasItem(late))
                .body("[0].score", not(nullValue())).body("[0].passage.archive_id", equalTo(archive));
        search(Map.of("archive_id", archive, "query", "review", "tags", List.of("garden", "review"), "tag_match_mode", "all"))
                .statusCode(200).body("passage.id", contains(early));
        search(Map.of("archive_id", archive, "query", "review", "tags", List.of("kitchen"))).statusCode(200)
                .body("passage.text", contains("Kitchen renovation review."));
        search(Map.of("archive_id", archive, "query", "garden review", "start_date", "2024-05-01T00:00:00Z")).statusCode(200)
                .body("passage.id", contains(late));
        search(Map.of("archive_id", archive, "query", "review", "limit", 1)).statusCode(200).body("$", hasSize(1));
        search(Map.of("archive_id", archive, "end_date", "2024-02-01T00:00:00Z")).statusCode(200).body("passage.id", contains(early));
        search(Map.of("archive_id", archive, "query", "review", "limit", 101)).statusCode(422).body("detail", containsString("limit"));
        search(Map.of("archive_id", archive, "query", "review", "tag_match_mode", "some")).statusCode(422)
                .body("detail", containsString("tag_match_mode"));
        search(Map.of("archive_id", archive, "query", "review", "start_date", "soon")).statusCode(422)
                .body("detail", containsString("start_date"));
    }

    @Test
    void an_archive_embedded_with_another_model_cannot_be_attached() {
        String other = json().body(Map.of("name", "openai " + UUID.randomUUID(), "embedding", "openai/text-embedding-3-small"))
                .post("/v1/archives/").then().statusCode(200).extract().path("id");
        String agent = Agents.create();
        json().patch("/v1/agents/{a}/archives/attach/{r}", agent, other).then().statusCode(409)
                .body("detail", containsString("archive_id"));
        given().queryParam("agent_id", agent).get("/v1/archives/").then().body("$", empty());
    }

    @Test
    void deleting_an_agent_deletes_its_default_archive_but_not_a_shared_one() {
        String agent = Agents.create();
        String own = json().body(Map.of("text", "Private note.")).post("/v1/agents/{id}/archival-memory", agent)
                .then().statusCode(200).extract().path("[0].archive_id");
        String shared = archive("kept " + UUID.randomUUID());
        attach(agent, shared);
        given().delete("/v1/agents/{id}", agent).then().statusCode(200);
        given().get("/v1/archives/{id}", own).then().statusCode(404);
        given().get("/v1/archives/{id}", shared).then().statusCode(200);
        given().get("/v1/archives/{id}/agents", shared).then().statusCode(200).body("$", empty());
    }

    @Test
    void archives_page_with_cursors_in_creation_order() {
        String name = "paged " + UUID.randomUUID();
        String first = archive(name);
        String second = archive(name);
        String third = archive(name);
        given().queryParam("name", name).get("/v1/archives/").then().statusCode(200).body("id", contains(third, second, first));
        given().queryParam("name", name).queryParam("order", "asc").queryParam("limit", 2).get("/v1/archives/").then()
                .body("id", contains(first, second));
        given().queryParam("name", name).queryParam("order", "asc").queryParam("after", second).get("/v1/archives/").then()
                .body("id", contains(third));
        given().queryParam("name", name).queryParam("order", "asc").queryParam("before", second).get("/v1/archives/").then()
                .body("id", contains(first));
        given().queryParam("after", "archive-" + UUID.randomUUID()).get("/v1/archives/").then().statusCode(404)
                .body("detail", containsString("after"));
        given().queryParam("order", "sideways").get("/v1/archives/").then().statusCode(422).body("detail", containsString("order"));

        String agent1 = Agents.create();
        String agent2 = Agents.create();
        attach(agent1, first);
        attach(agent2, first);
        given().queryParam("order", "asc").queryParam("limit", 1).get("/v1/archives/{id}/agents", first).then().statusCode(200)
                .body("id", contains(agent1));
        given().queryParam("order", "asc").queryParam("after", agent1).get("/v1/archives/{id}/agents", first).then()
                .body("id", contains(agent2));
    }

    @Test
    void unknown_malformed_and_foreign_ids_and_missing_fields_are_refused() {
        String unknown = "archive-" + UUID.randomUUID();
        given().get("/v1/archives/{id}", unknown).then().statusCode(404);
        given().delete("/v1/archives/{id}", unknown).then().statusCode(404);
        json().body(Map.of("text", "x")).post("/v1/archives/{id}/passages", unknown).then().statusCode(404);
        given().get("/v1/archives/{id}", "archive-nope").then().statusCode(422).body("detail", containsString("archive_id"));
        given().delete("/v1/archives/{a}/passages/{p}", unknown, "nope").then().statusCode(422).body("detail", containsString("passage_id"));
        json().body(Map.of()).post("/v1/archives/").then().statusCode(422).body("detail", containsString("name"));
        json().body(Map.of("tags", List.of("x"))).post("/v1/archives/{id}/passages", archive("fields " + UUID.randomUUID()))
                .then().statusCode(422).body("detail", containsString("text"));

        String foreign = Agents.ofAnotherOrganization();
        String mine = archive("mine " + UUID.randomUUID());
        json().patch("/v1/agents/{a}/archives/attach/{r}", foreign, mine).then().statusCode(404);
        json().patch("/v1/agents/{a}/archives/attach/{r}", Agents.create(), unknown).then().statusCode(404);
        given().queryParam("agent_id", foreign).get("/v1/archives/").then().statusCode(404);
        search(Map.of("agent_id", foreign, "query", "x")).statusCode(404);
        search(Map.of("agent_id", "agent-nope", "query", "x")).statusCode(422).body("detail", containsString("agent_id"));
    }
}
