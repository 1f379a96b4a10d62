package dev.engram.memory.packaged;

import dev.engram.suite.ServiceTokenFilter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * The packaged jar (target/quarkus-app, started by Quarkus with the service's production flags) on its real
 * dependencies (embedded PostgreSQL, the embedding-service jar; MemoryServiceTest's resource): blocks, messages and
 * archival passages through the HTTP API. Under -Paot these runs record the JDK AOT cache.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ServiceTokenResource.class, restrictToAnnotatedClass = true)
class PackagedMemoryServiceIT {

    private static final String MODEL = "local/all-minilm-l6-v2";

    private static RequestSpecification suite() {
        return given().header(ServiceTokenFilter.HEADER, ServiceTokenResource.TOKEN).contentType(ContentType.JSON);
    }

    @Test
    void health_is_open_and_the_api_refuses_calls_without_the_suite_token() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/v1/blocks").then().statusCode(401).body("detail", containsString(ServiceTokenFilter.HEADER));
        given().header(ServiceTokenFilter.HEADER, "not-the-token").get("/v1/blocks").then().statusCode(401);
    }

    @Test
    void a_block_is_created_edited_attached_and_deleted() {
        String agent = "agent-" + UUID.randomUUID();
        String id = suite().body(Map.of("label", "human", "value", "Name: Ann", "tags", List.of("t1")))
                .post("/v1/blocks").then().statusCode(200).body("version", is(1)).extract().path("id");
        suite().body(Map.of("value", "Name: Ann. Works on Engram.")).patch("/v1/blocks/{id}", id).then().statusCode(200)
                .body("value", equalTo("Name: Ann. Works on Engram.")).body("tags", contains("t1")).body("version", is(2));
        suite().put("/v1/agents/{agent}/attachments/{block}", agent, id).then().statusCode(200);
        suite().get("/v1/agents/{agent}/blocks", agent).then().statusCode(200).body("id", contains(id));
        suite().get("/v1/blocks/{id}/history", id).then().statusCode(200).body("operation", contains("create", "update"));
        suite().delete("/v1/blocks/{id}", id).then().statusCode(204);
        suite().get("/v1/blocks/{id}", id).then().statusCode(404).body("detail", equalTo("Block not found"));
        suite().get("/v1/agents/{agent}/blocks", agent).then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void a_committed_step_stores_its_messages_and_the_context_window() {
        String agent = "agent-" + UUID.randomUUID();
        String system = "message-" + UUID.randomUUID();
        String user = "message-" + UUID.randomUUID();
        List<Map<String, Object>> messages = List.of(
                Map.of("id", system, "role", "system", "content", List.of(Map.of("type", "text", "text", "You are helpful."))),
                Map.of("id", user, "role", "user", "content", List.of(Map.of("type", "text", "text", "hello there")),
                        "otid", "otid-" + user));
        Map<String, Object> step = Map.of("step_id", "step-" + UUID.randomUUID(), "run_id", "run-" + UUID.randomUUID(),
                "messages", messages, "in_context_message_ids", List.of(system, user));
        suite().body(step).post("/v1/agents/{a}/steps", agent).then().statusCode(200)
                .body("context_version", is(1)).body("in_context_message_ids", contains(system, user));
        suite().queryParam("view", "raw").queryParam("order", "asc").get("/v1/agents/{a}/messages", agent).then().statusCode(200).body("id", contains(system, user));
        suite().get("/v1/agents/{a}/context", agent).then().statusCode(200)
                .body("messages.id", contains(system, user)).body("recall_count", is(2));
    }

    @Test
    void an_inserted_passage_is_embedded_and_found_by_hybrid_search() {
        String agent = "agent-" + UUID.randomUUID();
        String pets = insert(agent, "Rex is a golden retriever who loves the beach.");
        insert(agent, "Quarterly revenue grew by twelve percent.");
        suite().get("/v1/agents/{a}/passages/{id}", agent, pets).then().statusCode(200)
                .body("embedded", is(true)).body("embedding_dim", is(384));
        suite().queryParam("query", "which dog likes the seaside?").queryParam("embedding_handle", MODEL)
                .get("/v1/agents/{a}/passages/search", agent).then().statusCode(200)
                .body("mode", equalTo("hybrid"))
                .body("results[0].id", equalTo(pets))
                .body("results[0].content", equalTo("Rex is a golden retriever who loves the beach."));
    }

    private static String insert(String agent, String text) {
        return suite().body(Map.of("text", text, "embedding_handle", MODEL)).post("/v1/agents/{a}/passages", agent)
                .then().statusCode(200).extract().path("id");
    }
}
