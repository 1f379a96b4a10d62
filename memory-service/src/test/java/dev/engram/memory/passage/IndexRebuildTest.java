package dev.engram.memory.passage;

import dev.engram.memory.index.VectorIndex;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class IndexRebuildTest {

    @Inject
    VectorIndex index;

    @Inject
    IndexSync sync;

    @Test
    void the_rebuild_endpoint_restores_a_lost_index_from_postgresql() {
        String agent = Passages.agent();
        String id = Passages.insert(agent, "The warehouse is in Rotterdam.");
        index.clear(); // the index loses everything
        Passages.search(agent, "warehouse Rotterdam", Map.of("mode", "bm25")).body("count", is(0));
        given().post("/v1/index/rebuild").then().statusCode(200).body("indexed", greaterThanOrEqualTo(1));
        Passages.search(agent, "warehouse Rotterdam", Map.of()).body("results[0].id", equalTo(id));
        given().get("/v1/index/status").then().statusCode(200).body("pending", is(0));
    }

    @Test
    void an_index_behind_postgresql_is_noticed_and_rebuilt() throws Exception {
        String agent = Passages.agent();
        String id = Passages.insert(agent, "Invoices are due on the fifth.");
        index.clear(); // as if the index directory had been wiped while the service was down
        given().get("/v1/index/status").then().body("watermark", is(0));
        // the start-up check runs the same comparison: recorded watermark above the index's own
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        sync.requestCatchUp();
        while (System.nanoTime() < deadline
                && given().queryParam("query", "invoices").queryParam("mode", "bm25").get("/v1/agents/{a}/passages/search", agent)
                .then().extract().path("count").equals(0)) {
            Thread.sleep(250);
        }
        Passages.search(agent, "invoices due", Map.of("mode", "bm25")).body("results[0].id", equalTo(id));
    }
}
