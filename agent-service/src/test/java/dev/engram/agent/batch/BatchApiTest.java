package dev.engram.agent.batch;

import com.sun.net.httpserver.HttpServer;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Letta's message batches: one background run per request, the batch ending when they all have. */
@QuarkusTest
class BatchApiTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    @Test
    void a_batch_runs_each_request_on_its_agent_and_completes_when_all_have_with_its_callback() throws Exception {
        String ann = Agents.create();
        String bob = Agents.create();
        llm.defaultReply(request -> ScriptedReply.text("reply to " + ScriptedOpenAiServer.lastUserText(request)));
        LinkedBlockingQueue<String> callbacks = new LinkedBlockingQueue<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/done", exchange -> {
            callbacks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        try {
            String id = given().contentType(ContentType.JSON).body(Map.of("callback_url", "http://127.0.0.1:" + hook.getAddress().getPort() + "/done",
                            "requests", List.of(request(ann, "hello from ann"), request(bob, "hello from bob"))))
                    .post("/v1/messages/batches").then().statusCode(200)
                    .body("id", startsWith("job-")).body("status", equalTo("running")).body("job_type", equalTo("batch"))
                    .body("metadata.job_type", equalTo("batch_messages")).extract().path("id");
            JsonPath done = awaitEnd(id);
            assertEquals("completed", done.getString("status"));
            assertNotNull(done.get("completed_at"));
            String callback = callbacks.poll(30, TimeUnit.SECONDS);
            assertNotNull(callback, "the callback was called");
            assertTrue(callback.contains("\"job_id\":\"" + id + "\"") && callback.contains("\"status\":\"completed\""), callback);
            given().get("/v1/messages/batches/{id}", id).then().body("callback_status_code", equalTo(204));

            given().queryParam("order", "asc").get("/v1/messages/batches/{id}/messages", id).then().statusCode(200)
                    .body("messages.agent_id", hasItem(ann)).body("messages.agent_id", hasItem(bob))
                    .body("messages.role", hasItem("assistant"));
            given().queryParam("agent_id", bob).get("/v1/messages/batches/{id}/messages", id).then()
                    .body("messages.agent_id", everyItem(equalTo(bob)))
                    .body("messages.find { it.role == 'assistant' }.content[0].text", equalTo("reply to hello from bob"));
            given().queryParam("agent_id", ann).get("/v1/runs").then().body("[0].status", equalTo("completed"));
            given().get("/v1/messages/batches").then().statusCode(200).body("id", hasItem(id));
            given().patch("/v1/messages/batches/{id}/cancel", id).then().statusCode(409);
            // the same batch is a job of /v1/jobs; deleting it leaves its runs
            given().get("/v1/jobs/{id}", id).then().statusCode(200).body("job_type", equalTo("batch")).body("status", equalTo("completed"));
            given().get("/v1/jobs").then().statusCode(200).body("id", hasItem(id));
            given().queryParam("active", true).get("/v1/jobs").then().body("id", org.hamcrest.Matchers.not(hasItem(id)));
            given().queryParam("source_id", "source-" + UUID.randomUUID()).get("/v1/jobs").then().body("", empty());
            given().delete("/v1/jobs/{id}", id).then().statusCode(200).body("id", equalTo(id));
            given().get("/v1/messages/batches/{id}", id).then().statusCode(404);
            given().queryParam("agent_id", ann).get("/v1/runs").then().body("[0].status", equalTo("completed"));
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void a_batch_with_a_request_that_cannot_run_is_refused_whole_and_nothing_runs() {
        String ann = Agents.create();
        String unknown = "agent-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("requests", List.of(request(ann, "first"), request(unknown, "second"))))
                .post("/v1/messages/batches").then().statusCode(404).body("detail", startsWith("requests[1]: "));
        given().queryParam("agent_id", ann).get("/v1/runs").then().body("", empty());
        given().contentType(ContentType.JSON).body(Map.of("requests", List.of())).post("/v1/messages/batches").then().statusCode(422)
                .body("detail", containsString("requests"));
        given().contentType(ContentType.JSON).body(Map.of("requests", List.of(Map.of("messages", List.of(Map.of("role", "user", "content", "x"))))))
                .post("/v1/messages/batches").then().statusCode(422).body("detail", containsString("requests[0].agent_id"));
        given().contentType(ContentType.JSON).body(Map.of("requests", List.of(Map.of("agent_id", ann, "messages", List.of()))))
                .post("/v1/messages/batches").then().statusCode(422).body("detail", startsWith("requests[0]: "));
        given().get("/v1/messages/batches/{id}", "job-" + UUID.randomUUID()).then().statusCode(404);
        given().get("/v1/messages/batches/{id}", "nope").then().statusCode(422).body("detail", containsString("batch_id"));
        assertEquals(0, llm.requestCount(), "no model was asked");
    }

    @Test
    void cancelling_a_batch_cancels_its_runs_that_have_not_ended() throws Exception {
        String ann = Agents.create();
        CountDownLatch held = new CountDownLatch(1);
        llm.enqueue(ScriptedReply.text("late").heldUntil(held));
        try {
            String id = given().contentType(ContentType.JSON).body(Map.of("requests", List.of(request(ann, "take your time"))))
                    .post("/v1/messages/batches").then().statusCode(200).extract().path("id");
            assertTrue(llm.awaitRequests(1, Duration.ofSeconds(30)), "the run reached the model");
            given().get("/v1/jobs/active").then().statusCode(200).body("id", hasItem(id));
            given().patch("/v1/jobs/{id}/cancel", id).then().statusCode(200).body("status", equalTo("cancelled"));
            given().queryParam("agent_id", ann).get("/v1/runs").then().body("[0].status", equalTo("cancelled"));
            given().patch("/v1/messages/batches/{id}/cancel", id).then().statusCode(409);
        } finally {
            held.countDown();
        }
    }

    private static Map<String, Object> request(String agent, String text) {
        return new HashMap<>(Map.of("agent_id", agent, "messages", List.of(Map.of("role", "user", "content", text))));
    }

    private static JsonPath awaitEnd(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonPath b = given().get("/v1/messages/batches/{id}", id).then().statusCode(200).extract().jsonPath();
        while ("running".equals(b.getString("status")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            b = given().get("/v1/messages/batches/{id}", id).then().statusCode(200).extract().jsonPath();
        }
        return b;
    }
}
