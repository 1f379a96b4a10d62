package dev.engram.agent.web;

import dev.engram.agent.auth.AuthProfiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * The ADE's static files (built by Maven from src/main/webui) are served at /ade/ without credentials, even with API
 * keys required; / and /ade lead there; the API routes beside them still want a key, the change feed included.
 */
@QuarkusTest
@TestProfile(AuthProfiles.Keys.class)
class AdeServingTest {

    @Test
    void the_page_and_its_modules_are_served_without_a_key_and_the_api_still_needs_one() {
        given().get("/ade/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<title>Engram ADE</title>")).body(not(containsString("https://")));
        given().get("/ade/js/app.js").then().statusCode(200).contentType(containsString("javascript"));
        given().get("/ade/app.css").then().statusCode(200);
        given().redirects().follow(false).get("/").then().statusCode(302).header("Location", equalTo("/ade/"));
        given().redirects().follow(false).get("/ade").then().statusCode(302).header("Location", equalTo("/ade/"));
        given().get("/v1/agents").then().statusCode(401);
        given().get("/v1/agents/{id}/events", "agent-00000000-0000-4000-8000-000000000001").then().statusCode(401);
        given().get("/v1/blocks/{id}/history", "block-00000000-0000-4000-8000-000000000001").then().statusCode(401);
        given().get("/ade/nothing-here.js").then().statusCode(404);
    }
}
