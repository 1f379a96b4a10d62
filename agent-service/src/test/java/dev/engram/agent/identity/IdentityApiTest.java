package dev.engram.agent.identity;

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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/** Letta's identities: the parties an application's agents and blocks belong to. */
@QuarkusTest
class IdentityApiTest {

    @Test
    void an_identity_is_created_with_properties_agents_and_blocks_and_read_back() {
        String agent = Agents.create();
        String block = block();
        String key = key();
        String id = given().contentType(ContentType.JSON).body(Map.of("identifier_key", key, "name", "Ann", "identity_type", "user",
                        "agent_ids", List.of(agent), "block_ids", List.of(block),
                        "properties", List.of(Map.of("key", "plan", "value", "pro", "type", "string"),
                                Map.of("key", "seats", "value", 3, "type", "number"),
                                Map.of("key", "prefs", "value", Map.of("tone", "short"), "type", "json"))))
                .post("/v1/identities/").then().statusCode(200)
                .body("id", startsWith("identity-"))
                .body("identifier_key", equalTo(key))
                .body("name", equalTo("Ann"))
                .body("identity_type", equalTo("user"))
                .body("project_id", equalTo(null))
                .body("agent_ids", contains(agent))
                .body("block_ids", contains(block))
                .body("properties.key", contains("plan", "seats", "prefs"))
                .body("properties[1].value", equalTo(3))
                .body("properties[2].value.tone", equalTo("short"))
                .extract().path("id");
        Map<String, Object> read = given().get("/v1/identities/{id}", id).then().statusCode(200).body("identifier_key", equalTo(key))
                .body("agent_ids", contains(agent)).extract().jsonPath().getMap("");
        // Letta's Identity, field for field
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Set.of("id", "identifier_key", "name", "identity_type", "project_id",
                "agent_ids", "block_ids", "properties"), read.keySet());
        given().queryParam("identifier_key", key).get("/v1/identities").then().statusCode(200).body("id", contains(id));
        given().get("/v1/identities/count").then().statusCode(200);
        given().get("/v1/identities/{id}/agents", id).then().statusCode(200).body("id", contains(agent));
        given().get("/v1/identities/{id}/blocks", id).then().statusCode(200).body("id", contains(block));
    }

    @Test
    void list_filters_by_name_type_and_project_and_pages_with_cursors() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String a = create(key(), "Zed " + tag, "org", null);
        String b = create(key(), "zed " + tag + " two", "user", "project-1");
        String c = create(key(), "Zed " + tag + "_three", "user", null);
        given().queryParam("name", "ZED " + tag).queryParam("order", "asc").get("/v1/identities").then().body("id", contains(a, b, c));
        given().queryParam("name", "zed " + tag).get("/v1/identities").then().body("id", contains(c, b, a));
        given().queryParam("name", tag + "_").get("/v1/identities").then().body("id", contains(c));
        given().queryParam("name", tag).queryParam("identity_type", "user").queryParam("order", "asc").get("/v1/identities").then()
                .body("id", contains(b, c));
        given().queryParam("name", tag).queryParam("project_id", "project-1").get("/v1/identities").then().body("id", contains(b));
        given().queryParam("name", tag).queryParam("order", "asc").queryParam("after", a).queryParam("limit", 1).get("/v1/identities")
                .then().body("id", contains(b));
        given().queryParam("name", tag).queryParam("order", "asc").queryParam("before", c).get("/v1/identities").then().body("id", contains(a, b));
        given().queryParam("after", "identity-" + UUID.randomUUID()).get("/v1/identities").then().statusCode(404)
                .body("detail", containsString("after"));
        given().queryParam("identity_type", "robot").get("/v1/identities").then().statusCode(422).body("detail", containsString("identity_type"));
    }

    @Test
    void a_taken_key_is_409_within_its_project_and_free_in_another() {
        String key = key();
        create(key, "First", "user", null);
        given().contentType(ContentType.JSON).body(Map.of("identifier_key", key, "name", "Second", "identity_type", "user"))
                .post("/v1/identities").then().statusCode(409).body("detail", equalTo("An identity with identifier key " + key + " already exists"));
        create(key, "Other project", "user", "project-2");
        given().contentType(ContentType.JSON).body(Map.of("identifier_key", key, "name", "Again", "identity_type", "user", "project_id", "project-2"))
                .post("/v1/identities").then().statusCode(409).body("detail", containsString("for project project-2"));
        given().queryParam("identifier_key", key).get("/v1/identities").then().body("", hasSize(2));
    }

    @Test
    void bad_input_is_422_naming_the_field_and_unknown_agents_or_blocks_are_404_with_nothing_made() {
        Map<String, Object> ok = Map.of("identifier_key", key(), "name", "N", "identity_type", "user");
        for (String field : List.of("identifier_key", "name", "identity_type")) {
            Map<String, Object> body = new HashMap<>(ok);
            body.remove(field);
            given().contentType(ContentType.JSON).body(body).post("/v1/identities").then().statusCode(422).body("detail", containsString(field));
        }
        Map<String, Object> badType = new HashMap<>(ok);
        badType.put("identity_type", "robot");
        given().contentType(ContentType.JSON).body(badType).post("/v1/identities").then().statusCode(422)
                .body("detail", equalTo("identity_type: Input should be 'org', 'user' or 'other'"));
        Map<String, Object> badProperty = new HashMap<>(ok);
        badProperty.put("properties", List.of(Map.of("key", "k", "value", List.of(1), "type", "json")));
        given().contentType(ContentType.JSON).body(badProperty).post("/v1/identities").then().statusCode(422)
                .body("detail", containsString("properties[0].value"));
        badProperty.put("properties", List.of(Map.of("key", "k", "value", "v", "type", "date")));
        given().contentType(ContentType.JSON).body(badProperty).post("/v1/identities").then().statusCode(422)
                .body("detail", containsString("properties[0].type"));
        Map<String, Object> malformed = new HashMap<>(ok);
        malformed.put("agent_ids", List.of("agent-nope"));
        given().contentType(ContentType.JSON).body(malformed).post("/v1/identities").then().statusCode(422)
                .body("detail", containsString("agent_ids[0]"));
        String missingAgent = "agent-" + UUID.randomUUID();
        Map<String, Object> unknown = new HashMap<>(ok);
        unknown.put("agent_ids", List.of(Agents.create(), missingAgent));
        given().contentType(ContentType.JSON).body(unknown).post("/v1/identities").then().statusCode(404)
                .body("detail", containsString(missingAgent));
        Map<String, Object> unknownBlock = new HashMap<>(ok);
        unknownBlock.put("block_ids", List.of("block-" + UUID.randomUUID()));
        given().contentType(ContentType.JSON).body(unknownBlock).post("/v1/identities").then().statusCode(404)
                .body("detail", containsString("block_ids"));
        given().queryParam("identifier_key", ok.get("identifier_key")).get("/v1/identities").then().body("", empty());
        given().get("/v1/identities/{id}", "identity-" + UUID.randomUUID()).then().statusCode(404);
        given().get("/v1/identities/{id}", "nope").then().statusCode(422).body("detail", containsString("identity_id"));
    }

    @Test
    void upsert_creates_then_replaces_and_patch_merges_and_adds() {
        String key = key();
        String first = Agents.create();
        String second = Agents.create();
        Map<String, Object> body = new HashMap<>(Map.of("identifier_key", key, "name", "Ann", "identity_type", "user",
                "agent_ids", List.of(first), "properties", List.of(Map.of("key", "plan", "value", "free", "type", "string"))));
        String id = given().contentType(ContentType.JSON).body(body).put("/v1/identities").then().statusCode(200).extract().path("id");
        body.put("name", "Ann B.");
        body.put("agent_ids", List.of(second));
        body.put("properties", List.of(Map.of("key", "seats", "value", 2, "type", "number")));
        given().contentType(ContentType.JSON).body(body).put("/v1/identities").then().statusCode(200)
                .body("id", equalTo(id)).body("name", equalTo("Ann B.")).body("agent_ids", contains(second))
                .body("properties.key", contains("seats"));

        given().contentType(ContentType.JSON).body(Map.of("agent_ids", List.of(first), "identity_type", "other",
                        "properties", List.of(Map.of("key", "plan", "value", "pro", "type", "string"), Map.of("key", "seats", "value", 5, "type", "number"))))
                .patch("/v1/identities/{id}", id).then().statusCode(200)
                .body("name", equalTo("Ann B.")).body("identity_type", equalTo("other"))
                .body("agent_ids", contains(second, first))
                .body("properties.key", contains("seats", "plan")).body("properties[0].value", equalTo(5));

        given().contentType(ContentType.JSON).body(List.of(Map.of("key", "only", "value", true, "type", "boolean")))
                .put("/v1/identities/{id}/properties", id).then().statusCode(200).body("properties.key", contains("only"));

        String other = create(key(), "Bob", "user", null);
        given().contentType(ContentType.JSON).body(Map.of("identifier_key", key)).patch("/v1/identities/{id}", other).then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).patch("/v1/identities/{id}", "identity-" + UUID.randomUUID())
                .then().statusCode(404);
    }

    @Test
    void agents_carry_their_identities_and_are_listed_by_them() {
        String key = key();
        String identity = create(key, "Ann", "user", null);
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("identity_ids", List.of(identity));
        String agent = given().contentType(ContentType.JSON).body(body).post("/v1/agents/").then().statusCode(200)
                .body("identity_ids", contains(identity)).body("identities[0].identifier_key", equalTo(key))
                .extract().path("id");
        String plain = Agents.create();
        given().queryParam("identity_id", identity).get("/v1/agents").then().statusCode(200).body("id", contains(agent));
        given().queryParam("identifier_keys", key).get("/v1/agents").then().statusCode(200).body("id", contains(agent));
        // a 1.x SDK gets them when it asks, as the other relationships
        given().header("X-Stainless-Package-Version", "1.12.1").get("/v1/agents/{id}", agent).then().body("identity_ids", empty());
        given().header("X-Stainless-Package-Version", "1.12.1").queryParam("include", "agent.identities").get("/v1/agents/{id}", agent)
                .then().body("identity_ids", contains(identity));

        given().patch("/v1/agents/{id}/identities/attach/{identity}", plain, identity).then().statusCode(200)
                .body("identity_ids", contains(identity));
        given().patch("/v1/agents/{id}/identities/attach/{identity}", plain, identity).then().statusCode(200);
        given().queryParam("order", "asc").get("/v1/identities/{id}/agents", identity).then().body("id", contains(agent, plain));
        given().patch("/v1/agents/{id}/identities/detach/{identity}", plain, identity).then().statusCode(200).body("identity_ids", empty());
        given().patch("/v1/agents/{id}/identities/attach/{identity}", plain, "identity-" + UUID.randomUUID()).then().statusCode(404);
        given().patch("/v1/agents/{id}/identities/attach/{identity}", "agent-" + UUID.randomUUID(), identity).then().statusCode(404);

        // modify replaces them; an unknown one changes nothing
        String other = create(key(), "Bob", "user", null);
        given().contentType(ContentType.JSON).body(Map.of("identity_ids", List.of(other))).patch("/v1/agents/{id}", agent).then()
                .statusCode(200).body("identity_ids", contains(other));
        given().contentType(ContentType.JSON).body(Map.of("identity_ids", List.of("identity-" + UUID.randomUUID()), "name", "renamed"))
                .patch("/v1/agents/{id}", agent).then().statusCode(404);
        given().get("/v1/agents/{id}", agent).then().body("identity_ids", contains(other)).body("name", org.hamcrest.Matchers.not("renamed"));

        // an agent asked for with an unknown identity is not made
        String name = "never-" + UUID.randomUUID();
        body.put("identity_ids", List.of("identity-" + UUID.randomUUID()));
        body.put("name", name);
        given().contentType(ContentType.JSON).body(body).post("/v1/agents/").then().statusCode(404).body("detail", containsString("identity_ids"));
        given().queryParam("name", name).get("/v1/agents").then().body("", empty());

        // deleting the identity leaves the agent
        given().delete("/v1/identities/{id}", other).then().statusCode(200);
        given().get("/v1/identities/{id}", other).then().statusCode(404);
        given().get("/v1/agents/{id}", agent).then().statusCode(200).body("identity_ids", empty());
    }

    @Test
    void blocks_belong_to_identities_until_detached_or_deleted() {
        String identity = create(key(), "Ann", "user", null);
        String kept = block();
        String dropped = block();
        given().patch("/v1/blocks/{id}/identities/attach/{identity}", kept, identity).then().statusCode(200).body("id", equalTo(kept));
        given().patch("/v1/blocks/{id}/identities/attach/{identity}", dropped, identity).then().statusCode(200);
        given().queryParam("identity_id", identity).get("/v1/blocks").then().statusCode(200).body("id", contains(kept, dropped));
        given().queryParam("order", "desc").get("/v1/identities/{id}/blocks", identity).then().body("id", contains(dropped, kept));
        given().delete("/v1/blocks/{id}", dropped).then().statusCode(200);
        given().get("/v1/identities/{id}", identity).then().body("block_ids", contains(kept));
        given().patch("/v1/blocks/{id}/identities/detach/{identity}", kept, identity).then().statusCode(200);
        given().queryParam("identity_id", identity).get("/v1/blocks").then().body("", empty());
        given().patch("/v1/blocks/{id}/identities/attach/{identity}", "block-" + UUID.randomUUID(), identity).then().statusCode(404);
    }

    private static String key() {
        return "user-key-" + UUID.randomUUID();
    }

    private static String create(String key, String name, String type, String projectId) {
        Map<String, Object> body = new HashMap<>(Map.of("identifier_key", key, "name", name, "identity_type", type));
        if (projectId != null) {
            body.put("project_id", projectId);
        }
        return given().contentType(ContentType.JSON).body(body).post("/v1/identities").then().statusCode(200).extract().path("id");
    }

    private static String block() {
        return given().contentType(ContentType.JSON).body(Map.of("label", "notes", "value", "x")).post("/v1/blocks/").then().statusCode(200)
                .extract().path("id");
    }
}
