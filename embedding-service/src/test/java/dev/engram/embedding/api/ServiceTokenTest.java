package dev.engram.embedding.api;

import static dev.engram.embedding.Api.embed;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.engram.embedding.Profiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(Profiles.ServiceToken.class)
class ServiceTokenTest {

    private static final String HEADER = "X-Engram-Service-Token";

    @Test
    void a_call_without_the_service_token_is_401() {
        embed("hello").post().then().statusCode(401).body("detail", containsString(HEADER));
        given().get("/v1/models").then().statusCode(401).body("detail", containsString(HEADER));
        given().accept("application/json").get("/q/openapi").then().statusCode(401);
    }

    @Test
    void a_call_with_a_wrong_service_token_is_401() {
        given().header(HEADER, "not-the-token").contentType("application/json").body("{\"input\": \"hello\"}").post("/v1/embeddings")
                .then().statusCode(401).body("detail", containsString("wrong"));
        given().header(HEADER, "not-the-token").get("/v1/models").then().statusCode(401).body("detail", containsString("wrong"));
        given().header(HEADER, Profiles.ServiceToken.TOKEN + "x").get("/v1/models").then().statusCode(401);
    }

    @Test
    void a_call_with_the_service_token_is_served() {
        given().header(HEADER, Profiles.ServiceToken.TOKEN).get("/v1/models").then().statusCode(200);
        given().header(HEADER, Profiles.ServiceToken.TOKEN).contentType("application/json").body("{\"input\": \"hello\"}")
                .post("/v1/embeddings").then().statusCode(200).body("data.size()", equalTo(1));
    }

    @Test
    void health_and_metrics_answer_without_the_token() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
