package dev.engram.agent.quota;

import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Db;
import dev.engram.agent.support.Sse;
import dev.engram.agent.support.StoredRuns;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import dev.engram.agent.web.Actor;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quotas of the default organization (the only one without authentication): every test sets its limits relative to
 * the usage the organization already has (other tests share it), and puts them back to unlimited after.
 */
@QuarkusTest
class QuotasTest {

    private static final String LIMITS = "/v1/admin/organizations/{org}/limits";
    private static final String ORG = Actor.DEFAULT_ORG;
    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    @AfterEach
    void unlimited() {
        llm.reset();
        given().contentType(ContentType.JSON).body(Map.of()).put(LIMITS, ORG).then().statusCode(200);
        Db.update("DELETE FROM agent.org_limits");
        Db.update("DELETE FROM agent.rate_buckets");
    }

    private static void limit(Map<String, Object> limits) {
        given().contentType(ContentType.JSON).body(limits).patch(LIMITS, ORG).then().statusCode(200);
    }

    private static long usage(String field) {
        return ((Number) given().get("/v1/limits").then().statusCode(200).extract().path("usage." + field)).longValue();
    }

    private static Response send(String agent, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/agents/{id}/messages", agent);
    }

    // --- rate

    @Test
    void over_the_rate_a_request_is_429_with_retry_after_and_passes_again_once_the_bucket_refilled() {
        // one a minute: no request of this test waits long enough on a loaded machine to be refilled by the clock
        limit(Map.of("requests_per_minute", 1, "burst", 2));
        given().get("/v1/agents").then().statusCode(200);
        given().get("/v1/agents").then().statusCode(200);
        given().get("/v1/agents").then().statusCode(429)
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("detail", containsString("Rate limit exceeded"));
        // health, /q/ and the admin API are never limited
        given().get("/v1/health").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get(LIMITS, ORG).then().statusCode(200).body("requests_per_minute", is(1)).body("burst", is(2));

        // two minutes pass for the bucket: one a minute refills two requests, and no more than the burst
        Db.update("UPDATE agent.rate_buckets SET updated_at = updated_at - interval '2 minutes' WHERE organization_id = ?", ORG);
        given().get("/v1/agents").then().statusCode(200);
        given().get("/v1/agents").then().statusCode(200);
        given().get("/v1/agents").then().statusCode(429);
        Db.update("UPDATE agent.rate_buckets SET updated_at = updated_at - interval '1 hour' WHERE organization_id = ?", ORG);
        given().get("/v1/agents").then().statusCode(200);
        given().get("/v1/agents").then().statusCode(200);
        given().get("/v1/agents").then().statusCode(429);
    }

    @Test
    void a_request_with_a_body_passes_the_rate_limit_intact() {
        String agent = Agents.create();
        limit(Map.of("requests_per_minute", 1000));
        llm.enqueue(ScriptedReply.text("Got it."));
        send(agent, Map.of("messages", List.of(Map.of("role", "user", "content", "a body the limiter must not lose"))))
                .then().statusCode(200).body("messages[0].content", equalTo("Got it."));
        assertTrue(llm.lastRequest().body().toString().contains("a body the limiter must not lose"));
    }

    @Test
    void an_organization_without_limits_is_never_counted() {
        for (int i = 0; i < 30; i++) {
            given().get("/v1/agents").then().statusCode(200);
        }
        assertEquals(0, Db.update("DELETE FROM agent.rate_buckets WHERE organization_id = ?", ORG), "no bucket for an unlimited org");
        given().get("/v1/limits").then().statusCode(200)
                .body("organization_id", equalTo(ORG))
                .body("requests_per_minute", nullValue()).body("monthly_steps", nullValue()).body("storage_passages", nullValue());
    }

    // --- budgets

    @Test
    void a_spent_step_budget_stops_a_running_run_before_its_next_step_and_refuses_new_runs_with_402() {
        String agent = Agents.create();
        AtomicInteger n = new AtomicInteger();
        llm.defaultReply(request -> ScriptedReply.toolCalls(call("loop_" + n.incrementAndGet(), "conversation_search", "{\"query\": \"more\"}")));
        long used = usage("monthly_steps");
        limit(Map.of("monthly_steps", used + 2));

        send(agent, Map.of("input", "keep searching", "max_steps", 10)).then().statusCode(200)
                .body("stop_reason.stop_reason", equalTo("insufficient_credits"))
                .body("usage.step_count", is(2));
        assertEquals(2, llm.requestCount(), "no model call after the budget ran out");
        assertEquals(used + 2, usage("monthly_steps"));
        String run = given().queryParam("agent_id", agent).get("/v1/runs").then().statusCode(200).extract().path("[0].id");
        given().get("/v1/runs/{id}", run).then().body("status", equalTo("failed")).body("stop_reason", equalTo("insufficient_credits"));

        send(agent, Map.of("input", "again")).then().statusCode(402).body("detail", containsString("steps"));
        given().contentType(ContentType.JSON).body(Map.of("input", "again")).post("/v1/agents/{id}/messages/stream", agent)
                .then().statusCode(402).body("detail", containsString("Insufficient credits"));
        assertEquals(2, llm.requestCount());
    }

    @Test
    void a_stream_whose_budget_runs_out_ends_with_the_insufficient_credits_stop_reason() {
        String agent = Agents.create();
        AtomicInteger n = new AtomicInteger();
        llm.defaultReply(request -> ScriptedReply.toolCalls(call("s_" + n.incrementAndGet(), "conversation_search", "{\"query\": \"more\"}")));
        limit(Map.of("monthly_steps", usage("monthly_steps") + 1));
        String text = given().contentType(ContentType.JSON).body(Map.of("input", "go", "include_pings", false, "max_steps", 5))
                .post("/v1/agents/{id}/messages/stream", agent).then().statusCode(200).extract().asString();
        List<Sse.Frame> frames = Sse.parse(text);
        List<String> types = frames.stream().map(Sse.Frame::type).toList();
        assertEquals(List.of("tool_call_message", "tool_return_message", "stop_reason", "usage_statistics", "[DONE]"), types);
        assertEquals("insufficient_credits", frames.get(2).json().path("stop_reason").asText());
    }

    @Test
    void a_spent_token_budget_refuses_new_runs_with_402() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.text("first").withUsage(500, 20));
        send(agent, Map.of("input", "hi")).then().statusCode(200);
        limit(Map.of("monthly_tokens", usage("monthly_tokens")));
        send(agent, Map.of("input", "hi again")).then().statusCode(402).body("detail", containsString("tokens"));
        limit(Map.of("monthly_tokens", usage("monthly_tokens") + 1000));
        llm.enqueue(ScriptedReply.text("second"));
        send(agent, Map.of("input", "hi again")).then().statusCode(200).body("stop_reason.stop_reason", equalTo("end_turn"));
    }

    @Test
    void over_the_concurrent_runs_a_new_run_is_429_with_retry_after_until_one_ends() throws Exception {
        String first = Agents.create();
        String second = Agents.create();
        limit(Map.of("concurrent_runs", usage("running_runs") + 1));
        CountDownLatch release = new CountDownLatch(1);
        llm.enqueue(ScriptedReply.text("slow").heldUntil(release));
        String run = given().contentType(ContentType.JSON).body(Map.of("input", "slow one"))
                .post("/v1/agents/{id}/messages/async", first).then().statusCode(200).extract().path("id");
        try {
            send(second, Map.of("input", "meanwhile")).then().statusCode(429)
                    .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                    .body("detail", containsString("concurrent runs"));
        } finally {
            release.countDown();
        }
        assertEquals("completed", awaitStatus(run));
        llm.enqueue(ScriptedReply.text("now"));
        send(second, Map.of("input", "now")).then().statusCode(200).body("messages[0].content", equalTo("now"));
    }

    @Test
    void parallel_requests_get_exactly_the_concurrent_runs_and_the_rest_429_until_those_runs_end() throws Exception {
        int fired = 8;
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < fired; i++) {
            agents.add(Agents.create());
        }
        long before = usage("running_runs");
        limit(Map.of("concurrent_runs", before + 2));
        CountDownLatch release = new CountDownLatch(1);
        llm.defaultReply(request -> ScriptedReply.text("held").heldUntil(release));
        List<HttpResponse<String>> answers;
        try {
            answers = fireTogether(agents);
        } finally {
            release.countDown();
        }
        List<String> accepted = new ArrayList<>();
        for (HttpResponse<String> r : answers) {
            if (r.statusCode() == 200) {
                accepted.add(Sse.JSON.readTree(r.body()).path("id").asText());
            } else {
                assertEquals(429, r.statusCode(), r.body());
                assertTrue(r.headers().firstValue("Retry-After").orElse("").matches("[1-9][0-9]*"), r.headers().toString());
                assertTrue(r.body().contains("concurrent runs"), r.body());
            }
        }
        assertEquals(2, accepted.size(), "accepted: " + accepted);
        for (String run : accepted) {
            assertEquals("completed", awaitStatus(run));
        }
        llm.reset();
        llm.enqueue(ScriptedReply.text("a slot again"));
        send(agents.getLast(), Map.of("input", "after the others")).then().statusCode(200)
                .body("messages[0].content", equalTo("a slot again"));
    }

    @Test
    void a_cancelled_run_frees_its_concurrent_run_slot() throws Exception {
        String first = Agents.create();
        String second = Agents.create();
        limit(Map.of("concurrent_runs", usage("running_runs") + 1));
        CountDownLatch release = new CountDownLatch(1);
        llm.enqueue(ScriptedReply.text("slow").heldUntil(release));
        try {
            String run = given().contentType(ContentType.JSON).body(Map.of("input", "slow one"))
                    .post("/v1/agents/{id}/messages/async", first).then().statusCode(200).extract().path("id");
            send(second, Map.of("input", "meanwhile")).then().statusCode(429);
            given().contentType(ContentType.JSON).body(Map.of()).post("/v1/agents/{id}/messages/cancel", first).then().statusCode(200)
                    .body(run, equalTo("cancelled"));
            llm.enqueue(ScriptedReply.text("my turn"));
            String next = given().contentType(ContentType.JSON).body(Map.of("input", "now"))
                    .post("/v1/agents/{id}/messages/async", second).then().statusCode(200).extract().path("id");
            release.countDown();
            assertEquals("cancelled", awaitStatus(run));
            assertEquals("completed", awaitStatus(next));
        } finally {
            release.countDown();
        }
    }

    @Test
    void a_run_that_fails_before_its_first_step_frees_its_concurrent_run_slot() throws Exception {
        String agent = Agents.create();
        limit(Map.of("concurrent_runs", usage("running_runs") + 1));
        llm.enqueue(ScriptedReply.unauthorized());
        String failed = given().contentType(ContentType.JSON).body(Map.of("input", "refused by the model"))
                .post("/v1/agents/{id}/messages/async", agent).then().statusCode(200).extract().path("id");
        assertEquals("failed", awaitStatus(failed));
        llm.enqueue(ScriptedReply.text("fine now"));
        send(agent, Map.of("input", "again")).then().statusCode(200).body("messages[0].content", equalTo("fine now"));
    }

    @Test
    void a_run_left_by_a_crashed_replica_keeps_its_slot_until_a_running_replica_resumes_and_ends_it() throws Exception {
        String orphaned = Agents.create();
        String other = Agents.create();
        limit(Map.of("concurrent_runs", usage("running_runs") + 1));
        CountDownLatch release = new CountDownLatch(1);
        llm.enqueue(ScriptedReply.text("picked up").heldUntil(release));
        // as a replica that died mid-run leaves it: running, no live ticket, older than a lease
        String run = "run-" + java.util.UUID.randomUUID();
        StoredRuns.insert(run, orphaned, "running", "{\"input\": \"left behind\"}", Duration.ofMinutes(1), false);
        try {
            send(other, Map.of("input", "meanwhile")).then().statusCode(429).body("detail", containsString("concurrent runs"));
            assertTrue(llm.awaitRequests(1, Duration.ofMinutes(1)), "the recovery job resumed the run here");
            send(other, Map.of("input", "still meanwhile")).then().statusCode(429);
        } finally {
            release.countDown();
        }
        assertEquals("completed", awaitStatus(run));
        llm.enqueue(ScriptedReply.text("a slot again"));
        send(other, Map.of("input", "now")).then().statusCode(200).body("messages[0].content", equalTo("a slot again"));
    }

    /** One async run request per agent, all sent at once; their answers in the agents' order. */
    private static List<HttpResponse<String>> fireTogether(List<String> agents) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(agents.size())) {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (String agent : agents) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/v1/agents/" + agent
                                + "/messages/async"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"input\": \"all at once\"}")).build();
                sent.add(pool.submit(() -> {
                    go.await();
                    return http.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            go.countDown();
            List<HttpResponse<String>> out = new ArrayList<>();
            for (Future<HttpResponse<String>> f : sent) {
                out.add(f.get(2, TimeUnit.MINUTES));
            }
            return out;
        }
    }

    private static String awaitStatus(String run) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            status = given().get("/v1/runs/{id}", run).then().statusCode(200).extract().path("status");
            if (!status.equals("created") && !status.equals("running")) {
                return status;
            }
            Thread.sleep(100);
        }
        return status;
    }

    // --- storage

    @Test
    void archival_inserts_beyond_the_storage_limit_are_402() {
        String agent = Agents.create();
        limit(Map.of("storage_passages", usage("storage_passages") + 1));
        given().contentType(ContentType.JSON).body(Map.of("text", "kept")).post("/v1/agents/{id}/archival-memory", agent)
                .then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("text", "one too many")).post("/v1/agents/{id}/archival-memory", agent)
                .then().statusCode(402).body("detail", containsString("archival passages"));
        given().get("/v1/agents/{id}/archival-memory", agent).then().statusCode(200).body("size()", is(1));
    }

    // --- admin API

    @Test
    void the_admin_api_validates_limits_and_names_the_field() {
        given().contentType(ContentType.JSON).body(Map.of("monthly_steps", -1)).put(LIMITS, ORG).then().statusCode(422)
                .body("detail", containsString("monthly_steps"));
        given().contentType(ContentType.JSON).body(Map.of("requests_per_minute", 0)).patch(LIMITS, ORG).then().statusCode(422)
                .body("detail", containsString("requests_per_minute"));
        given().contentType(ContentType.JSON).body(Map.of("burst", "ten")).patch(LIMITS, ORG).then().statusCode(422)
                .body("detail", containsString("burst"));
        given().contentType(ContentType.JSON).body(Map.of("concurrent_runs", 1.5)).patch(LIMITS, ORG).then().statusCode(422)
                .body("detail", containsString("concurrent_runs"));
        given().contentType(ContentType.JSON).body(Map.of("monthly_stepz", 3)).patch(LIMITS, ORG).then().statusCode(422)
                .body("detail", containsString("monthly_stepz"));
        given().contentType(ContentType.JSON).body(Map.of()).put(LIMITS, "not-an-org").then().statusCode(422)
                .body("detail", containsString("org_id"));
        given().get(LIMITS, ORG).then().statusCode(200).body("monthly_steps", nullValue()).body("organization_id", equalTo(ORG));
    }

    @Test
    void put_replaces_every_limit_and_patch_changes_only_the_ones_it_names() {
        given().contentType(ContentType.JSON).body(Map.of("monthly_steps", 1_000_000, "monthly_tokens", 50_000_000, "storage_passages", 10_000))
                .put(LIMITS, ORG).then().statusCode(200).body("monthly_steps", is(1_000_000));
        given().contentType(ContentType.JSON).body("{\"monthly_tokens\": null, \"concurrent_runs\": 50}")
                .patch(LIMITS, ORG).then().statusCode(200)
                .body("monthly_steps", is(1_000_000)).body("monthly_tokens", nullValue()).body("concurrent_runs", is(50))
                .body("storage_passages", is(10_000));
        given().contentType(ContentType.JSON).body(Map.of("storage_passages", 5)).put(LIMITS, ORG).then().statusCode(200)
                .body("monthly_steps", nullValue()).body("concurrent_runs", nullValue()).body("storage_passages", is(5));
        given().get("/v1/limits").then().statusCode(200).body("storage_passages", is(5))
                .body("usage.monthly_steps", org.hamcrest.Matchers.greaterThanOrEqualTo(0))
                .body("usage.running_runs", org.hamcrest.Matchers.greaterThanOrEqualTo(0));
    }
}
