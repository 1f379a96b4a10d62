package dev.engram.agent.auth;

import dev.engram.agent.events.EventFeed;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Db;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.engram.agent.auth.Keys.admin;
import static dev.engram.agent.auth.Keys.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@TestProfile(AuthProfiles.Keys.class)
class KeysAuthTest {

    @Test
    void without_a_key_every_public_route_is_401_but_health_and_q_stay_open() {
        given().get("/v1/agents").then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .body("detail", startsWith("Unauthorized"));
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of()))
                .post("/v1/agents/{id}/messages", "agent-00000000-0000-4000-8000-000000000001").then().statusCode(401);
        given().header("Authorization", "Basic Zm9vOmJhcg==").get("/v1/tools").then().statusCode(401);
        given().get("/v1/health/").then().statusCode(200);
        given().get("/v1/ready/").then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("ok"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void a_well_formed_key_that_was_never_issued_is_401() {
        as(ApiKeys.generate()).get("/v1/agents").then().statusCode(401)
                .body("detail", equalTo("Unauthorized: the API key is invalid, expired or revoked"));
    }

    @Test
    void the_bootstrap_key_is_an_admin_key_of_the_default_organization() {
        admin().get("/v1/api-keys").then().statusCode(200).body("name", hasItem("bootstrap admin key"))
                .body("organization_id", hasItem("org-00000000-0000-4000-8000-000000000000"));
        admin().get("/v1/admin/organizations/{id}", "org-00000000-0000-4000-8000-000000000000").then().statusCode(200)
                .body("name", equalTo("default_org"));
    }

    @Test
    void a_revoked_key_is_refused_at_once() {
        String key = Keys.create("member", null);
        as(key).get("/v1/agents").then().statusCode(200);
        String id = Db.query("SELECT id FROM agent.api_keys WHERE hash = ?", ApiKeys.hash(key)).getFirst().get("id").toString();
        admin().delete("/v1/api-keys/{id}", id).then().statusCode(200).body("revoked_at", notNullValue());
        as(key).get("/v1/agents").then().statusCode(401);
        admin().get("/v1/api-keys/{id}", id).then().statusCode(200).body("revoked_at", notNullValue());
    }

    @Test
    void an_expired_key_is_refused() {
        String key = Keys.create("member", null);
        Db.update("UPDATE agent.api_keys SET expires_at = now() - interval '1 second' WHERE hash = ?", ApiKeys.hash(key));
        as(key).get("/v1/agents").then().statusCode(401);
    }

    @Test
    void a_read_only_key_reads_and_searches_but_every_write_is_403() {
        String agent = Keys.agent();
        String key = Keys.create("read_only", null);
        as(key).get("/v1/agents/{id}", agent).then().statusCode(200);
        as(key).contentType(ContentType.JSON).body(Map.of("query", "hello")).post("/v1/agents/messages/search").then()
                .statusCode(not(403));
        as(key).contentType(ContentType.JSON).body(Agents.quickStart()).post("/v1/agents/").then().statusCode(403)
                .body("detail", startsWith("Forbidden: a read_only key may only read"));
        as(key).contentType(ContentType.JSON).body(Map.of("name", "renamed")).patch("/v1/agents/{id}", agent).then().statusCode(403);
        as(key).delete("/v1/agents/{id}", agent).then().statusCode(403);
        as(key).contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))))
                .post("/v1/agents/{id}/messages", agent).then().statusCode(403);
    }

    @Test
    void a_member_key_works_on_agents_but_not_on_the_admin_api() {
        String key = Keys.create("member", null);
        String agent = as(key).contentType(ContentType.JSON).body(Agents.quickStart()).post("/v1/agents/").then().statusCode(200)
                .extract().path("id");
        as(key).get("/v1/agents/{id}", agent).then().statusCode(200).body("created_by_id", equalTo("user-00000000-0000-4000-8000-000000000000"));
        as(key).get("/v1/admin/organizations").then().statusCode(403).body("detail", startsWith("Forbidden: this route needs an admin key"));
        as(key).get("/v1/admin/audit-log").then().statusCode(403);
        as(key).contentType(ContentType.JSON).body(Map.of("name", "mine")).post("/v1/api-keys").then().statusCode(403);
    }

    @Test
    void an_agent_scoped_key_reaches_its_agent_only_and_others_are_not_found() {
        String mine = Keys.agent();
        String other = Keys.agent();
        String key = Keys.create("member", mine);
        as(key).get("/v1/agents/{id}", mine).then().statusCode(200);
        as(key).get("/v1/agents/{id}/core-memory/blocks", mine).then().statusCode(200);
        as(key).get("/v1/agents/{id}", other).then().statusCode(404);
        as(key).get("/v1/agents/{id}/core-memory/blocks", other).then().statusCode(404);
        as(key).contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))))
                .post("/v1/agents/{id}/messages", other).then().statusCode(404);
        as(key).get("/v1/agents").then().statusCode(200).body("id", contains(mine));
        as(key).get("/v1/agents/count").then().statusCode(200).body(equalTo("1"));
        as(key).contentType(ContentType.JSON).body(Agents.quickStart()).post("/v1/agents/").then().statusCode(403);
        as(key).get("/v1/blocks").then().statusCode(403);
        // org-wide lists of other kinds are outside the key's agent too
        as(key).get("/v1/messages/batches").then().statusCode(403);
        as(key).get("/v1/identities").then().statusCode(403);
        as(key).get("/v1/providers").then().statusCode(403);
        as(key).get("/v1/tags").then().statusCode(403);

        String myConversation = admin().contentType(ContentType.JSON).queryParam("agent_id", mine).body(Map.of())
                .post("/v1/conversations/").then().statusCode(200).extract().path("id");
        String otherConversation = admin().contentType(ContentType.JSON).queryParam("agent_id", other).body(Map.of())
                .post("/v1/conversations/").then().statusCode(200).extract().path("id");
        as(key).get("/v1/conversations/{id}", myConversation).then().statusCode(200);
        as(key).get("/v1/conversations/{id}", otherConversation).then().statusCode(404);
        as(key).contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))))
                .post("/v1/conversations/{id}/messages", otherConversation).then().statusCode(404);
        as(key).queryParam("agent_id", mine).get("/v1/conversations/").then().statusCode(200).body("id", contains(myConversation));
        as(key).queryParam("agent_id", other).get("/v1/conversations/").then().statusCode(404);
        as(key).get("/v1/runs").then().statusCode(403);
        as(key).queryParam("agent_id", mine).get("/v1/runs").then().statusCode(200);
        as(key).queryParam("agent_id", other).get("/v1/runs").then().statusCode(404);
        as(key).get("/v1/runs/{id}", "run-00000000-0000-4000-8000-000000000001").then().statusCode(404);
        as(key).contentType(ContentType.JSON).body(Map.of("model", other, "messages", List.of(Map.of("role", "user", "content", "hi"))))
                .post("/v1/chat/completions").then().statusCode(404);
    }

    @Test
    void a_tenants_runs_foreground_and_background_act_for_the_tenant() throws InterruptedException {
        String org = admin().contentType(ContentType.JSON).body(Map.of("name", "runner")).post("/v1/admin/organizations").then()
                .statusCode(200).extract().path("id");
        String key = admin().contentType(ContentType.JSON).body(Map.of("name", "runner member"))
                .post("/v1/admin/organizations/{org}/api-keys", org).then().statusCode(200).extract().path("key");
        String agent = as(key).contentType(ContentType.JSON).body(Agents.quickStart()).post("/v1/agents/").then().statusCode(200)
                .extract().path("id");
        Suite.get().llm.enqueue(ScriptedReply.text("Hello, tenant."));
        as(key).contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))))
                .post("/v1/agents/{id}/messages", agent).then().statusCode(200).body("stop_reason.stop_reason", equalTo("end_turn"));
        String run = as(key).queryParam("agent_id", agent).get("/v1/runs").then().statusCode(200).extract().path("[0].id");
        as(key).get("/v1/runs/{id}", run).then().statusCode(200);
        admin().get("/v1/runs/{id}", run).then().statusCode(404);

        Suite.get().llm.enqueue(ScriptedReply.text("Later, tenant."));
        String async = as(key).contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "user", "content", "again"))))
                .post("/v1/agents/{id}/messages/async", agent).then().statusCode(200).extract().path("id");
        String status = null;
        for (int i = 0; i < 200 && !"completed".equals(status) && !"failed".equals(status); i++) {
            status = as(key).get("/v1/runs/{id}", async).then().statusCode(200).extract().path("status");
            if (!"completed".equals(status)) {
                Thread.sleep(50);
            }
        }
        assertEquals("completed", status);
        as(key).get("/v1/agents/{id}/messages", agent).then().statusCode(200)
                .body("findAll { it.message_type == 'assistant_message' }.content", hasItem("Later, tenant."));
    }

    @Test
    void an_admin_key_cannot_be_agent_scoped() {
        String agent = Keys.agent();
        admin().contentType(ContentType.JSON).body(Map.of("name", "x", "role", "admin", "agent_id", agent)).post("/v1/api-keys")
                .then().statusCode(422).body("detail", startsWith("agent_id: "));
    }

    @Test
    void a_keys_use_is_recorded_in_last_used_at() throws InterruptedException {
        String key = Keys.create("read_only", null);
        String id = Db.query("SELECT id FROM agent.api_keys WHERE hash = ?", ApiKeys.hash(key)).getFirst().get("id").toString();
        admin().get("/v1/api-keys/{id}", id).then().body("last_used_at", equalTo(null));
        as(key).get("/v1/agents").then().statusCode(200);
        // written after the answer, off the request's path: wait for it (bounded)
        Object used = null;
        for (int i = 0; i < 100 && used == null; i++) {
            used = Db.query("SELECT last_used_at FROM agent.api_keys WHERE id = ?", id).getFirst().get("last_used_at");
            if (used == null) {
                Thread.sleep(50);
            }
        }
        org.junit.jupiter.api.Assertions.assertNotNull(used, "last_used_at was never written");
        admin().get("/v1/api-keys/{id}", id).then().body("last_used_at", notNullValue());
    }

    @Test
    void each_organization_sees_only_its_own_agents_through_json_and_vertx_routes() {
        String org = admin().contentType(ContentType.JSON).body(Map.of("name", "tenant")).post("/v1/admin/organizations").then()
                .statusCode(200).extract().path("id");
        String tenantKey = admin().contentType(ContentType.JSON).body(Map.of("name", "tenant admin", "role", "admin"))
                .post("/v1/admin/organizations/{org}/api-keys", org).then().statusCode(200)
                .body("organization_id", equalTo(org)).extract().path("key");
        String theirs = as(tenantKey).contentType(ContentType.JSON).body(Agents.quickStart()).post("/v1/agents/").then().statusCode(200)
                .extract().path("id");
        String ours = Keys.agent();
        as(tenantKey).get("/v1/agents").then().statusCode(200).body("id", contains(theirs));
        admin().get("/v1/agents/{id}", theirs).then().statusCode(404);
        as(tenantKey).get("/v1/agents/{id}", ours).then().statusCode(404);
        admin().contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))))
                .post("/v1/agents/{id}/messages", theirs).then().statusCode(404);
        admin().contentType(ContentType.JSON).body(Map.of())
                .post("/v1/runs/{id}/stream", "run-00000000-0000-4000-8000-000000000001").then().statusCode(404);
        // a tenant's admin manages its own organization only
        as(tenantKey).get("/v1/admin/organizations").then().statusCode(200).body("id", contains(org));
        as(tenantKey).get("/v1/admin/organizations/{id}", "org-00000000-0000-4000-8000-000000000000").then().statusCode(404);
        as(tenantKey).contentType(ContentType.JSON).body(Map.of("name", "x")).post("/v1/admin/organizations").then().statusCode(403);
        as(tenantKey).get("/v1/api-keys").then().statusCode(200).body("organization_id", contains(org));
        // an organization with agents is not deleted
        admin().delete("/v1/admin/organizations/{id}", org).then().statusCode(409);
    }

    @Test
    void the_change_feed_wants_a_key_and_an_agent_scoped_key_reaches_only_its_agents_feed() throws Exception {
        String agent = Keys.agent();
        String other = Keys.agent();
        String scoped = Keys.create("member", agent);
        given().get("/v1/agents/{id}/events", agent).then().statusCode(401);
        try (EventFeed feed = EventFeed.open(agent, scoped)) {
            assertEquals(200, feed.status());
            assertEquals(agent, feed.next("ready", d -> true).data().path("agent_id").asText());
            admin().contentType(ContentType.JSON).body(Map.of("value", "Role: keyed."))
                    .patch("/v1/agents/{id}/core-memory/blocks/human", agent).then().statusCode(200);
            assertEquals("Role: keyed.",
                    feed.next("block_updated", d -> true).data().path("block").path("value").asText());
        }
        as(scoped).get("/v1/agents/{id}/events", other).then().statusCode(404);
    }
}
