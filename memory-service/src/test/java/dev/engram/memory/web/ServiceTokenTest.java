package dev.engram.memory.web;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** With a service token configured, only callers presenting it reach the API; health and metrics stay open. */
@QuarkusTest
@TestProfile(ServiceTokenTest.WithToken.class)
class ServiceTokenTest {

    static final String TOKEN = "test-service-token";
    static final String HEADER = "X-Engram-Service-Token";

    @Test
    void a_call_without_the_service_token_is_401() {
        given().contentType(ContentType.JSON).body(Map.of("label", "human", "value", "x")).post("/v1/blocks")
                .then().statusCode(401).body("detail", containsString(HEADER));
        given().get("/v1/blocks").then().statusCode(401).body("detail", containsString(HEADER));
        given().get("/v1/agents/agent-x/passages/search?query=x").then().statusCode(401);
        given().get("/q/openapi").then().statusCode(401);
    }

    @Test
    void a_call_with_a_wrong_service_token_is_401() {
        given().header(HEADER, "not-the-token").get("/v1/blocks").then().statusCode(401).body("detail", containsString("wrong"));
        given().header(HEADER, TOKEN.substring(1)).get("/v1/blocks").then().statusCode(401);
        given().header(HEADER, "").get("/v1/blocks").then().statusCode(401);
    }

    @Test
    void a_call_with_the_service_token_is_served() {
        String id = given().header(HEADER, TOKEN).contentType(ContentType.JSON).body(Map.of("label", "human", "value", "Name: Ann"))
                .post("/v1/blocks").then().statusCode(200).extract().path("id");
        given().header(HEADER, TOKEN).get("/v1/blocks/{id}", id).then().statusCode(200).body("value", equalTo("Name: Ann"));
    }

    @Test
    void health_and_metrics_answer_without_the_token() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void a_path_that_only_looks_like_health_is_not_exempt() {
        given().get("/q/health/../../v1/blocks").then().statusCode(401);
        given().get("/q/healthz").then().statusCode(401);
    }

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.service-token", TOKEN);
        }
    }
}
