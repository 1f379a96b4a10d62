package dev.engram.agent.memory;

import dev.engram.agent.support.Suite;
import dev.engram.agent.web.Actor;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The internal services of the suite answer only agent-service (and each other): every test of this module runs
 * against them with a service token, and a caller without it is refused.
 */
@QuarkusTest
class ServiceTokenTest {

    private static final String HEADER = "X-Engram-Service-Token";

    @Test
    void memory_service_called_directly_without_the_service_token_is_401() {
        given().baseUri(Suite.get().memory.url()).header(MemoryApi.ORG, Actor.DEFAULT_ORG).get("/v1/blocks")
                .then().statusCode(401).body("detail", containsString(HEADER));
        given().baseUri(Suite.get().memory.url()).header(HEADER, "guessed").get("/v1/blocks").then().statusCode(401);
    }

    @Test
    void embedding_service_called_directly_without_the_service_token_is_401() {
        given().baseUri(Suite.get().embedding.url()).get("/v1/models").then().statusCode(401).body("detail", containsString(HEADER));
    }

    @Test
    void what_agent_service_writes_through_its_token_is_there_for_a_caller_with_the_token() {
        String id = given().contentType(ContentType.JSON).body(Map.of("label", "human", "value", "Token: carried."))
                .post("/v1/blocks/").then().statusCode(200).extract().path("id");
        given().baseUri(Suite.get().memory.url()).header(HEADER, Suite.get().serviceToken).header(MemoryApi.ORG, Actor.DEFAULT_ORG)
                .get("/v1/blocks/{id}", id).then().statusCode(200).body("value", equalTo("Token: carried."));
        given().baseUri(Suite.get().memory.url()).get("/q/health/ready").then().statusCode(200);
    }
}
