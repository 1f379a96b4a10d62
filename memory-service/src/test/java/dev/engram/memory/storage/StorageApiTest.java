package dev.engram.memory.storage;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The two routes that count an organization's passages give the same answer, and only for that organization. */
@QuarkusTest
class StorageApiTest {

    private static String org() {
        return "org-" + UUID.randomUUID();
    }

    private static void insert(String org, String agent, String text) {
        // no embedding handle: stored without a vector, so no embedding-service round trip
        given().header("X-Engram-Org", org).contentType(ContentType.JSON).body(Map.of("text", text))
                .post("/v1/agents/{a}/passages", agent).then().statusCode(200);
    }

    private static long count(String org) {
        return given().header("X-Engram-Org", org).get("/v1/passages/count").then().statusCode(200)
                .extract().as(Long.class);
    }

    private static Map<String, Object> storage(String org) {
        return given().header("X-Engram-Org", org).get("/v1/storage").then().statusCode(200).extract().jsonPath()
                .getMap("");
    }

    @Test
    void passage_count_and_storage_agree_over_all_agents_of_the_organization_and_no_other() {
        String org = org();
        String other = org();
        insert(org, "agent-" + UUID.randomUUID(), "Prefers green tea.");
        insert(org, "agent-" + UUID.randomUUID(), "Café at nine ☕");
        insert(other, "agent-" + UUID.randomUUID(), "Someone else's note.");

        Map<String, Object> storage = storage(org);
        assertEquals(2L, count(org));
        assertEquals(2L, ((Number) storage.get("passages")).longValue());
        assertEquals(org, storage.get("organization_id"));
        long bytes = "Prefers green tea.".getBytes(StandardCharsets.UTF_8).length
                + "Café at nine ☕".getBytes(StandardCharsets.UTF_8).length;
        assertEquals(bytes, ((Number) storage.get("passage_bytes")).longValue());
        assertEquals(1L, count(other));
        assertEquals(1L, ((Number) storage(other).get("passages")).longValue());
    }

    @Test
    void an_organization_without_passages_counts_zero_on_both_routes() {
        String org = org();

        assertEquals(0L, count(org));
        Map<String, Object> storage = storage(org);
        assertEquals(0L, ((Number) storage.get("passages")).longValue());
        assertEquals(0L, ((Number) storage.get("passage_bytes")).longValue());
        assertEquals(0L, ((Number) storage.get("messages")).longValue());
        assertEquals(0L, ((Number) storage.get("blocks")).longValue());
    }
}
