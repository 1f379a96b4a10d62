package dev.engram.agent.auth;

import dev.engram.agent.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static dev.engram.agent.auth.Keys.admin;
import static dev.engram.agent.auth.Keys.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * What only the deployment's operators (admin keys of the default organization) may do: change an organization's
 * limits (its own admin reads them), and export every organization's usage for billing.
 */
@QuarkusTest
@TestProfile(AuthProfiles.Keys.class)
class OperatorRoutesTest {

    private record Tenant(String org, String adminKey) {
    }

    private static Tenant tenant() {
        String org = admin().contentType(ContentType.JSON).body(Map.of("name", "tenant " + UUID.randomUUID()))
                .post("/v1/admin/organizations").then().statusCode(200).extract().path("id");
        String key = admin().contentType(ContentType.JSON).body(Map.of("name", "tenant admin", "role", "admin"))
                .post("/v1/admin/organizations/{org}/api-keys", org).then().statusCode(200).extract().path("key");
        return new Tenant(org, key);
    }

    @Test
    void an_operator_sets_a_tenants_limits_and_the_change_is_in_the_tenants_audit_log() {
        Tenant t = tenant();
        admin().contentType(ContentType.JSON).body(Map.of("requests_per_minute", 600, "monthly_steps", 1000))
                .put("/v1/admin/organizations/{org}/limits", t.org()).then().statusCode(200)
                .body("requests_per_minute", equalTo(600)).body("monthly_steps", equalTo(1000));
        admin().contentType(ContentType.JSON).body(Map.of("monthly_steps", 2000))
                .patch("/v1/admin/organizations/{org}/limits", t.org()).then().statusCode(200)
                .body("requests_per_minute", equalTo(600)).body("monthly_steps", equalTo(2000));

        as(t.adminKey()).get("/v1/limits").then().statusCode(200).body("organization_id", equalTo(t.org()))
                .body("monthly_steps", equalTo(2000));
        as(t.adminKey()).get("/v1/admin/audit-log").then().statusCode(200)
                .body("action", hasItem("organization.limits.replace")).body("action", hasItem("organization.limits.update"));
    }

    @Test
    void a_tenants_own_admin_reads_its_limits_but_may_not_raise_them_nor_see_another_organizations() {
        Tenant t = tenant();
        Tenant other = tenant();
        as(t.adminKey()).get("/v1/admin/organizations/{org}/limits", t.org()).then().statusCode(200)
                .body("organization_id", equalTo(t.org()));
        as(t.adminKey()).contentType(ContentType.JSON).body(Map.of("monthly_steps", 1_000_000))
                .put("/v1/admin/organizations/{org}/limits", t.org()).then().statusCode(403)
                .body("detail", containsString("admin key of the default organization"));
        as(t.adminKey()).contentType(ContentType.JSON).body(Map.of("monthly_steps", 1_000_000))
                .patch("/v1/admin/organizations/{org}/limits", t.org()).then().statusCode(403);
        as(t.adminKey()).get("/v1/admin/organizations/{org}/limits", other.org()).then().statusCode(404);
        as(t.adminKey()).contentType(ContentType.JSON).body(Map.of("monthly_steps", 1))
                .put("/v1/admin/organizations/{org}/limits", other.org()).then().statusCode(404);
        admin().get("/v1/admin/organizations/{org}/limits", t.org()).then().statusCode(200).body("monthly_steps", nullValue());
    }

    @Test
    void limits_of_an_organization_that_does_not_exist_are_404() {
        admin().get("/v1/admin/organizations/{org}/limits", "org-" + UUID.randomUUID()).then().statusCode(404);
        admin().contentType(ContentType.JSON).body(Map.of("monthly_steps", 1))
                .put("/v1/admin/organizations/{org}/limits", "org-" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void the_operators_export_holds_every_organizations_hours_and_a_tenants_export_only_its_own() {
        Tenant a = tenant();
        Tenant b = tenant();
        String day = LocalDate.of(1999, 1, 1).plusDays(Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 300L)).toString();
        for (Tenant t : new Tenant[] {a, b}) {
            Db.update("INSERT INTO agent.usage_events (id, organization_id, meter, quantity, unit, occurred_at) "
                    + "VALUES (?, ?, 'llm_step', 42, 'tokens', ?::timestamptz)", "test:" + UUID.randomUUID(), t.org(), day + "T10:15:00Z");
        }
        String range = "?format=csv&start=" + day + "T00:00:00Z&end=" + LocalDate.parse(day).plusDays(1) + "T00:00:00Z";

        admin().get("/v1/admin/usage/export" + range).then().statusCode(200)
                .body(containsString(a.org())).body(containsString(b.org()));
        as(a.adminKey()).get("/v1/usage/export" + range).then().statusCode(200)
                .body(containsString(a.org())).body(not(containsString(b.org())));
        as(a.adminKey()).get("/v1/admin/usage/export" + range).then().statusCode(403);
    }
}
