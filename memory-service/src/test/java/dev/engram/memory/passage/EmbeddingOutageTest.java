package dev.engram.memory.passage;

import dev.engram.memory.support.EmbeddingServiceProcess;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class EmbeddingOutageTest {

    @Test
    void without_embedding_service_inserts_persist_and_search_degrades_to_bm25_then_heals() throws Exception {
        String agent = Passages.agent();
        EmbeddingServiceProcess embedding = EmbeddingServiceProcess.get();
        embedding.kill();
        String id;
        try {
            id = Passages.insert(agent, "The launch date moved to October.");
            given().get("/v1/agents/{a}/passages/{id}", agent, id).then().body("embedded", is(false));
            Passages.search(agent, "launch date", Map.of()).statusCode(200)
                    .header("X-Engram-Search-Degraded", "embedding-unavailable")
                    .body("mode", equalTo("bm25"))
                    .body("results[0].id", equalTo(id));
            Passages.search(agent, "launch date", Map.of("mode", "dense")).statusCode(503);
        } finally {
            embedding.start();
        }
        // the outbox embeds the passage once embedding-service is back (after the circuit breaker's delay)
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline
                && !Boolean.TRUE.equals(given().get("/v1/agents/{a}/passages/{id}", agent, id).then().extract().path("embedded"))) {
            Thread.sleep(500);
        }
        given().get("/v1/agents/{a}/passages/{id}", agent, id).then().body("embedded", is(true));
        Passages.search(agent, "when is the release?", Map.of("mode", "dense", "top_k", 1)).statusCode(200)
                .body("results[0].id", equalTo(id));
    }
}
