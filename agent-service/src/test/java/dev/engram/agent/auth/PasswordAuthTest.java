package dev.engram.agent.auth;

import dev.engram.agent.support.Agents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@TestProfile(AuthProfiles.Password.class)
class PasswordAuthTest {

    @Test
    void the_server_password_as_bearer_acts_as_the_default_organizations_admin() {
        String agent = given().auth().oauth2(AuthProfiles.PASSWORD).contentType(ContentType.JSON).body(Agents.quickStart())
                .post("/v1/agents/").then().statusCode(200).body("created_by_id", equalTo("user-00000000-0000-4000-8000-000000000000"))
                .extract().path("id");
        given().auth().oauth2(AuthProfiles.PASSWORD).get("/v1/agents/{id}", agent).then().statusCode(200);
        given().auth().oauth2(AuthProfiles.PASSWORD).get("/v1/admin/organizations").then().statusCode(200);
    }

    @Test
    void lettas_bare_password_header_is_accepted_too() {
        given().header("X-BARE-PASSWORD", "password " + AuthProfiles.PASSWORD).get("/v1/agents").then().statusCode(200);
        given().header("X-BARE-PASSWORD", "password wrong").get("/v1/agents").then().statusCode(401);
    }

    @Test
    void a_wrong_or_missing_password_is_401_and_health_stays_open() {
        given().auth().oauth2("not-the-password").get("/v1/agents").then().statusCode(401).body("detail", equalTo(
                "Unauthorized: the API key is invalid, expired or revoked"));
        given().get("/v1/agents").then().statusCode(401);
        given().get("/v1/health/").then().statusCode(200);
    }

    @Test
    void the_user_id_header_still_selects_the_user_as_in_letta() {
        given().auth().oauth2(AuthProfiles.PASSWORD).header("user_id", "user-11111111-1111-4111-8111-111111111111")
                .contentType(ContentType.JSON).body(Agents.quickStart()).post("/v1/agents/").then().statusCode(200)
                .body("created_by_id", equalTo("user-11111111-1111-4111-8111-111111111111"));
    }

    @Test
    void api_keys_made_in_password_mode_work_as_keys() {
        String key = given().auth().oauth2(AuthProfiles.PASSWORD).contentType(ContentType.JSON)
                .body(Map.of("name", "ci", "role", "read_only")).post("/v1/api-keys").then().statusCode(200).extract().path("key");
        given().auth().oauth2(key).get("/v1/agents").then().statusCode(200);
        given().auth().oauth2(key).contentType(ContentType.JSON).body(Agents.quickStart()).post("/v1/agents/").then().statusCode(403);
    }
}
