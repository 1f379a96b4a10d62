package dev.engram.agent.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class RunsTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    private static String awaitStatus(String run, String... wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            status = given().get("/v1/runs/{id}", run).then().statusCode(200).extract().path("status");
            for (String w : wanted) {
                if (w.equals(status)) {
                    return status;
                }
            }
            Thread.sleep(100);
        }
        return status;
    }

    @Test
    void every_request_is_a_run_with_its_steps_messages_and_usage() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.toolCalls(call("r1", "conversation_search", "{\"query\": \"x\"}")).withUsage(100, 10),
                ScriptedReply.text("done").withUsage(120, 5));
        Agents.send(agent, "go").statusCode(200);
        String run = given().queryParam("agent_id", agent).get("/v1/runs/").then().statusCode(200).body("", hasSize(1))
                .body("[0].status", equalTo("completed")).body("[0].stop_reason", equalTo("end_turn"))
                .body("[0].id", matchesPattern("run-.*")).extract().path("[0].id");
        given().get("/v1/runs/{id}", run).then().statusCode(200).body("agent_id", equalTo(agent))
                .body("metadata.run_type", equalTo("send_message")).body("metadata.result.stop_reason.stop_reason", equalTo("end_turn"));
        Number duration = given().get("/v1/runs/{id}", run).then().extract().path("total_duration_ns");
        assertTrue(duration.longValue() > 0, "the run's duration is recorded");
        given().queryParam("order", "asc").get("/v1/runs/{id}/steps", run).then().statusCode(200).body("", hasSize(2))
                .body("prompt_tokens", contains(100, 120)).body("status", everyItem(equalTo("success")))
                .body("model", everyItem(equalTo("gpt-4o-mini")));
        given().get("/v1/runs/{id}/usage", run).then().body("prompt_tokens", is(220)).body("completion_tokens", is(15))
                .body("total_tokens", is(235));
        given().get("/v1/runs/{id}/messages", run).then().body("message_type", hasItem("assistant_message"))
                .body("run_id", everyItem(equalTo(run)));
        String step = given().get("/v1/runs/{id}/steps", run).then().extract().path("[0].id");
        given().get("/v1/steps/{id}", step).then().statusCode(200).body("run_id", equalTo(run));
        given().queryParam("agent_id", agent).get("/v1/steps/").then().body("", hasSize(2));
        given().get("/v1/runs/{id}", "run-00000000-0000-4000-8000-000000000000").then().statusCode(404);
    }

    @Test
    void async_runs_in_the_background_and_calls_back() throws Exception {
        CompletableFuture<JsonNode> called = new CompletableFuture<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            called.complete(new ObjectMapper().readTree(exchange.getRequestBody()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hook.start();
        try {
            String agent = Agents.create();
            llm.enqueue(ScriptedReply.text("async answer").withLatency(Duration.ofMillis(300)));
            String run = given().contentType(ContentType.JSON)
                    .body(Map.of("input", "hello", "callback_url", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook"))
                    .post("/v1/agents/{id}/messages/async", agent).then().statusCode(200)
                    .body("status", equalTo("created")).body("background", is(true)).extract().path("id");
            assertEquals("completed", awaitStatus(run, "completed", "failed"));
            JsonNode body = called.get(10, TimeUnit.SECONDS);
            assertEquals(run, body.path("run_id").asText());
            assertEquals("completed", body.path("status").asText());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && given().get("/v1/runs/{id}", run).then().extract().path("callback_status_code") == null) {
                Thread.sleep(100);
            }
            given().get("/v1/runs/{id}", run).then().body("callback_status_code", is(200))
                    .body("metadata.result.messages[0].content", equalTo("async answer"));
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void a_cancelled_run_stops_and_says_so() throws Exception {
        String agent = Agents.create();
        CountDownLatch release = new CountDownLatch(1);
        llm.enqueue(ScriptedReply.toolCalls(call("k1", "conversation_search", "{\"query\": \"x\"}")).heldUntil(release),
                ScriptedReply.text("should not be asked"));
        String run = given().contentType(ContentType.JSON).body(Map.of("input", "long task"))
                .post("/v1/agents/{id}/messages/async", agent).then().statusCode(200).extract().path("id");
        assertEquals("running", awaitStatus(run, "running"));
        given().contentType(ContentType.JSON).body(Map.of()).post("/v1/agents/{id}/messages/cancel", agent).then().statusCode(200)
                .body(run, equalTo("cancelled"));
        release.countDown();
        Thread.sleep(500);
        given().get("/v1/runs/{id}", run).then().body("status", equalTo("cancelled")).body("stop_reason", equalTo("cancelled"));
        assertEquals(1, llm.requestCount(), "no step after the cancellation");
        given().contentType(ContentType.JSON).body(Map.of()).post("/v1/agents/{id}/messages/cancel", agent).then().statusCode(409);
    }

    @Test
    void a_retried_request_attaches_to_its_run_instead_of_running_twice() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.text("only once"));
        String first = given().header("Idempotency-Key", "retry-1").contentType(ContentType.JSON).body(Map.of("input", "hi"))
                .post("/v1/agents/{id}/messages", agent).then().statusCode(200).extract().asString();
        String second = given().header("Idempotency-Key", "retry-1").contentType(ContentType.JSON).body(Map.of("input", "hi"))
                .post("/v1/agents/{id}/messages", agent).then().statusCode(200).extract().asString();
        assertEquals(first, second);
        assertEquals(1, llm.requestCount());
        llm.enqueue(ScriptedReply.text("otid reply"));
        Map<String, Object> withOtid = Map.of("messages", List.of(Map.of("role", "user", "content", "again", "otid", "otid-123")));
        given().contentType(ContentType.JSON).body(withOtid).post("/v1/agents/{id}/messages", agent).then().statusCode(200);
        given().contentType(ContentType.JSON).body(withOtid).post("/v1/agents/{id}/messages", agent).then().statusCode(200)
                .body("messages[0].content", equalTo("otid reply"));
        assertEquals(2, llm.requestCount());
        given().queryParam("agent_id", agent).get("/v1/runs/").then().body("", hasSize(2));
    }
}
