package dev.engram.agent.block;

import dev.engram.agent.support.ServiceProcess;
import dev.engram.agent.support.Suite;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class MemoryServiceDownTest {

    @Test
    void memory_service_down_is_503_and_nothing_is_half_written() throws Exception {
        String label = "down" + UUID.randomUUID().toString().substring(0, 8);
        String id = BlockApiTest.create(label, "before");
        ServiceProcess memory = Suite.get().memory;
        memory.kill();
        try {
            given().contentType(ContentType.JSON).body(Map.of("label", label, "value", "lost?")).post("/v1/blocks/")
                    .then().statusCode(503).body("detail", containsString("memory-service"));
            given().contentType(ContentType.JSON).body(Map.of("value", "changed?")).patch("/v1/blocks/{id}", id)
                    .then().statusCode(503);
            given().get("/v1/blocks/{id}", id).then().statusCode(503);
            given().get("/q/health/ready").then().statusCode(503);
            given().get("/v1/ready").then().statusCode(503).body("detail", containsString("memory-service is not ready"));
        } finally {
            memory.start();
        }
        awaitRecovered(id);
        given().queryParam("label", label).get("/v1/blocks/count").then().body(equalTo("1"));
        given().get("/v1/blocks/{id}", id).then().body("value", equalTo("before"));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/v1/ready/").then().statusCode(200).body("status", equalTo("ok"));
    }

    /** The circuit breaker lets calls through again a few seconds after memory-service is back. */
    private static void awaitRecovered(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (given().get("/v1/blocks/{id}", id).statusCode() == 200) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("agent-service did not recover after memory-service came back");
    }
}
