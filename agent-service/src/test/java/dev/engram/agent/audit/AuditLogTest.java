package dev.engram.agent.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class AuditLogTest {

    @Test
    void key_creation_and_revocation_are_logged_newest_first() {
        String id = given().contentType(ContentType.JSON).body(Map.of("name", "audited", "role", "member")).post("/v1/api-keys")
                .then().statusCode(200).extract().path("id");
        given().delete("/v1/api-keys/{id}", id).then().statusCode(200);
        List<Map<String, Object>> entries = given().queryParam("limit", 1000).get("/v1/admin/audit-log").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.target_id == '" + id + "' }");
        org.junit.jupiter.api.Assertions.assertEquals(List.of("api_key.revoke", "api_key.create"),
                entries.stream().map(e -> e.get("action")).toList());
        Map<String, Object> created = entries.get(1);
        org.junit.jupiter.api.Assertions.assertEquals("org-00000000-0000-4000-8000-000000000000", created.get("organization_id"));
        org.junit.jupiter.api.Assertions.assertEquals("user-00000000-0000-4000-8000-000000000000", created.get("actor_user_id"));
        org.junit.jupiter.api.Assertions.assertEquals("member", ((Map<?, ?>) created.get("details")).get("role"));
        org.junit.jupiter.api.Assertions.assertFalse(created.toString().matches(".*engram_[0-9A-Za-z]{38}.*"), "the secret reached the log");
    }

    @Test
    void organization_and_user_changes_are_logged_in_that_organization() {
        String org = given().contentType(ContentType.JSON).body(Map.of("name", "acme")).post("/v1/admin/organizations").then()
                .statusCode(200).extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("name", "acme inc")).patch("/v1/admin/organizations/{id}", org).then()
                .statusCode(200).body("name", equalTo("acme inc"));
        String user = given().contentType(ContentType.JSON).body(Map.of("name", "ops")).post("/v1/admin/organizations/{id}/users", org)
                .then().statusCode(200).body("organization_id", equalTo(org)).extract().path("id");
        given().delete("/v1/admin/organizations/{id}/users/{user}", org, user).then().statusCode(200);
        given().delete("/v1/admin/organizations/{id}", org).then().statusCode(200);
        given().get("/v1/admin/organizations/{id}", org).then().statusCode(404);
        given().queryParam("organization_id", org).queryParam("order", "asc").get("/v1/admin/audit-log").then().statusCode(200)
                .body("action", contains("organization.create", "organization.update", "user.create", "user.delete", "organization.delete"));
    }

    @Test
    void the_log_pages_with_cursors_like_other_lists() {
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body(Map.of("name", "page " + i)).post("/v1/api-keys").then().statusCode(200);
        }
        List<String> newest = given().queryParam("action", "api_key.create").queryParam("limit", 3).get("/v1/admin/audit-log").then()
                .statusCode(200).body("$", hasSize(3)).extract().jsonPath().getList("id");
        given().queryParam("action", "api_key.create").queryParam("limit", 2).get("/v1/admin/audit-log").then()
                .body("id", contains(newest.get(0), newest.get(1)));
        given().queryParam("action", "api_key.create").queryParam("limit", 1).queryParam("after", newest.get(1))
                .get("/v1/admin/audit-log").then().body("id", contains(newest.get(2)));
        given().queryParam("action", "api_key.create").queryParam("limit", 1).queryParam("before", newest.get(2))
                .get("/v1/admin/audit-log").then().body("id", contains(newest.get(1)));
        given().queryParam("after", "audit-00000000-0000-4000-8000-000000000000").get("/v1/admin/audit-log").then().statusCode(404)
                .body("detail", equalTo("after: No audit log entry found with id audit-00000000-0000-4000-8000-000000000000"));
    }

    @Test
    void the_default_organization_is_never_deleted_and_one_with_agents_is_kept() {
        given().delete("/v1/admin/organizations/{id}", "org-00000000-0000-4000-8000-000000000000").then().statusCode(409);
        given().delete("/v1/admin/organizations/{id}", "org-00000000-0000-4000-8000-00000000dead").then().statusCode(404);
    }
}
