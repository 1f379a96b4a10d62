package dev.engram.agent.auth;

import dev.engram.agent.support.Agents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** engram.auth.mode=none (the test configuration): no credentials, the default organization, user_id selects the user. */
@QuarkusTest
class AuthOffTest {

    @Test
    void without_auth_every_route_answers_without_credentials() {
        given().get("/v1/agents").then().statusCode(200);
        given().get("/v1/admin/organizations").then().statusCode(200).body("id", hasItem("org-00000000-0000-4000-8000-000000000000"));
        given().get("/v1/api-keys").then().statusCode(200);
    }

    @Test
    void a_garbage_authorization_header_is_ignored() {
        given().auth().oauth2("whatever").get("/v1/agents").then().statusCode(200);
    }

    @Test
    void the_user_id_header_selects_the_user() {
        given().header("user_id", "user-22222222-2222-4222-8222-222222222222").contentType(ContentType.JSON).body(Agents.quickStart())
                .post("/v1/agents/").then().statusCode(200).body("created_by_id", equalTo("user-22222222-2222-4222-8222-222222222222"));
    }

    @Test
    void keys_can_be_prepared_before_auth_is_switched_on() {
        given().contentType(ContentType.JSON).body(Map.of("name", "later", "role", "admin")).post("/v1/api-keys").then().statusCode(200)
                .body("key", org.hamcrest.Matchers.startsWith("engram_"));
    }

    @Test
    void the_openapi_document_declares_the_bearer_scheme() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("\"bearerAuth\"")).body(containsString("\"bearer\""));
    }
}
