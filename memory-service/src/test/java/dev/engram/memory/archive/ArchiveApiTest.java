package dev.engram.memory.archive;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class ArchiveApiTest {

    static final String MODEL = "local/all-minilm-l6-v2";

    private static RequestSpecification json() {
        return given().contentType(ContentType.JSON);
    }

    private static String archive(String org) {
        return json().header("X-Engram-Org", org).body(Map.of("name", "a " + UUID.randomUUID(), "embedding_handle", MODEL))
                .post("/v1/archives").then().statusCode(200).extract().path("id");
    }

    @Test
    void an_agent_searches_every_attached_archive_and_deleting_one_removes_its_passages_from_the_index() {
        String org = "org-" + UUID.randomUUID();
        String agent = "agent-" + UUID.randomUUID();
        String shared = archive(org);
        String p = json().header("X-Engram-Org", org).body(Map.of("text", "The boiler is serviced every October."))
                .post("/v1/archives/{id}/passages", shared).then().statusCode(200).body("archive_id", equalTo(shared))
                .body("embedded", equalTo(true)).extract().path("id");
        String own = json().header("X-Engram-Org", org).body(Map.of("text", "The boiler makes a noise.", "embedding_handle", MODEL))
                .queryParam("archive_name", "mine").post("/v1/agents/{a}/passages", agent).then().statusCode(200).extract().path("archive_id");
        json().header("X-Engram-Org", org).body(Map.of("embedding_handle", MODEL)).put("/v1/agents/{a}/archives/{r}", agent, shared)
                .then().statusCode(200);
        given().header("X-Engram-Org", org).queryParam("query", "boiler service").queryParam("embedding_handle", MODEL)
                .get("/v1/agents/{a}/passages/search", agent).then().statusCode(200).body("results.id", hasItem(p));
        given().header("X-Engram-Org", org).get("/v1/archives/{id}", own).then().statusCode(200).body("name", equalTo("mine"));

        given().header("X-Engram-Org", org).delete("/v1/archives/{id}", shared).then().statusCode(204);
        given().header("X-Engram-Org", org).queryParam("query", "boiler service").queryParam("embedding_handle", MODEL)
                .get("/v1/agents/{a}/passages/search", agent).then().statusCode(200).body("results.id", not(hasItem(p)));
        json().header("X-Engram-Org", org).body(Map.of("query", "boiler")).post("/v1/passages/search").then().statusCode(200)
                .body("passage.id", not(hasItem(p))).body("passage.archive_id", contains(own));
    }

    @Test
    void another_organizations_archive_is_not_found() {
        String theirs = archive("org-" + UUID.randomUUID());
        String org = "org-" + UUID.randomUUID();
        given().header("X-Engram-Org", org).get("/v1/archives/{id}", theirs).then().statusCode(404);
        json().header("X-Engram-Org", org).body(Map.of()).put("/v1/agents/{a}/archives/{r}", "agent-" + UUID.randomUUID(), theirs)
                .then().statusCode(404);
        json().header("X-Engram-Org", org).body(Map.of("archive_id", theirs)).post("/v1/passages/search").then().statusCode(404);
        given().header("X-Engram-Org", org).get("/v1/archives").then().statusCode(200).body("$", empty());
    }

    @Test
    void an_archive_with_another_embedding_model_is_409_and_stays_detached() {
        String org = "org-" + UUID.randomUUID();
        String id = archive(org);
        String agent = "agent-" + UUID.randomUUID();
        json().header("X-Engram-Org", org).body(Map.of("embedding_handle", "openai/text-embedding-3-small"))
                .put("/v1/agents/{a}/archives/{r}", agent, id).then().statusCode(409);
        given().header("X-Engram-Org", org).get("/v1/archives/{id}/agents", id).then().statusCode(200).body("$", empty());
        json().header("X-Engram-Org", org).body(Map.of("embedding_handle", MODEL)).put("/v1/agents/{a}/archives/{r}", agent, id)
                .then().statusCode(200);
        given().header("X-Engram-Org", org).get("/v1/archives/{id}/agents", id).then().body("$", contains(agent));
        given().header("X-Engram-Org", org).queryParam("agent_id", agent).get("/v1/archives").then().body("id", contains(id));
    }
}
