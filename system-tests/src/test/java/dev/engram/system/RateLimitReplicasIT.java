package dev.engram.system;

import dev.engram.agent.support.ServiceProcess;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One organization's rate limit across two agent-service processes on one database (the suite of {@code ./engram up}
 * plus a second agent-service from the same jar): the token bucket lives in PostgreSQL, so N requests a minute means
 * N in total, whichever replica they reach; the rest are 429 with Retry-After. Concurrent runs likewise: the slot is
 * reserved by the run's insert under a per-organization lock in PostgreSQL.
 */
class RateLimitReplicasIT {

    /** The bucket: 5 at once, refilled by one a minute, so that a slow machine firing the burst never sees a refill. */
    private static final int BURST = 5;
    private static final int FIRED = 40;

    private static ScriptedOpenAiServer llm;
    private static Engram engram;
    private static ServiceProcess replicaB;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void up() throws Exception {
        llm = new ScriptedOpenAiServer();
        engram = Engram.upWith("ratelimit", llm, Map.of("ENGRAM_AUTH", "keys"));
    }

    @AfterAll
    static void down() throws Exception {
        if (replicaB != null) {
            replicaB.stop();
        }
        Engram.stop(engram, llm);
    }

    @Test
    void n_requests_per_minute_let_exactly_n_through_both_replicas_and_answer_the_rest_429_with_retry_after() throws Exception {
        String a = engram.baseUrl();
        String operator = operatorKey();
        // a tenant with a member key, limited; the default organization (the operator's) stays unlimited
        Tenant tenant = tenant("limited tenant", "{\"requests_per_minute\": 1, \"burst\": " + BURST + "}");
        String org = tenant.organization();
        String member = tenant.memberKey();
        // replica B starts after the limit is set, so it never cached the organization as unlimited
        String b = replicaB(operator);
        assertEquals(200, get(b + "/v1/health").statusCode(), "health checks are not limited");

        List<CompletableFuture<HttpResponse<String>>> fired = new ArrayList<>();
        for (int i = 0; i < FIRED; i++) {
            String replica = i % 2 == 0 ? a : b;
            fired.add(http.sendAsync(HttpRequest.newBuilder(URI.create(replica + "/v1/agents?limit=1")).timeout(Duration.ofMinutes(1))
                    .header("Authorization", "Bearer " + member).GET().build(), HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        int limited = 0;
        int okOnA = 0;
        for (int i = 0; i < FIRED; i++) {
            HttpResponse<String> r = fired.get(i).get(2, TimeUnit.MINUTES);
            if (r.statusCode() == 200) {
                ok++;
                okOnA += i % 2 == 0 ? 1 : 0;
            } else {
                assertEquals(429, r.statusCode(), r.body());
                limited++;
                String retryAfter = r.headers().firstValue("Retry-After").orElse("");
                assertTrue(retryAfter.matches("[1-9][0-9]*"), "Retry-After in whole seconds, at least 1: '" + retryAfter + "'");
                assertTrue(Engram.JSON.readTree(r.body()).path("detail").asText().contains("Rate limit exceeded"), r.body());
            }
        }
        assertEquals(BURST, ok, "exactly the bucket's requests got through, over both replicas (" + okOnA + " on A)");
        assertEquals(FIRED - BURST, limited);

        // another organization is not limited by the tenant's bucket, on either replica
        for (String replica : List.of(a, b)) {
            send(replica, "GET", "/v1/agents?limit=1", operator, null, 200);
        }
        // the admin API stays open, and the tenant, unlimited again, passes on both replicas
        send(a, "PUT", "/v1/admin/organizations/" + org + "/limits", operator, "{}", 200);
        send(a, "GET", "/v1/agents?limit=1", member, null, 200);
    }

    /** An organization the operator made, with a member's key and the limits set. */
    private record Tenant(String organization, String memberKey) {
    }

    private static String operatorKey() throws Exception {
        return Files.readString(engram.home().resolve("bootstrap-admin-key")).trim();
    }

    /** A new organization with {@code limits} (the body of PUT .../limits) and a member key, made through replica A. */
    private Tenant tenant(String name, String limits) throws Exception {
        String a = engram.baseUrl();
        String operator = operatorKey();
        String org = Engram.JSON.readTree(send(a, "POST", "/v1/admin/organizations", operator,
                Engram.JSON.createObjectNode().put("name", name).toString(), 200)).path("id").asText();
        String member = Engram.JSON.readTree(send(a, "POST", "/v1/admin/organizations/" + org + "/api-keys", operator,
                Engram.JSON.createObjectNode().put("name", name + " member").put("role", "member").toString(), 200)).path("key").asText();
        send(a, "PUT", "/v1/admin/organizations/" + org + "/limits", operator, limits, 200);
        return new Tenant(org, member);
    }

    /** The second agent-service process on the suite's database, started on first use. */
    private static String replicaB(String operator) throws Exception {
        if (replicaB == null) {
            replicaB = new ServiceProcess("agent-service", "ENGRAM_AGENT_PORT", Map.of(
                    "LETTA_PG_URI", engram.postgresUri(),
                    "ENGRAM_MEMORY_URL", "http://127.0.0.1:" + engram.ports().memory(),
                    "ENGRAM_EMBEDDING_URL", "http://127.0.0.1:" + engram.ports().embedding(),
                    "ENGRAM_SERVICE_TOKEN", engram.serviceToken(),
                    "ENGRAM_AUTH", "keys",
                    "ENGRAM_BOOTSTRAP_ADMIN_KEY", operator,
                    "OPENAI_BASE_URL", llm.baseUrl(),
                    "OPENAI_API_KEY", "test-key")).start();
        }
        return replicaB.url();
    }

    @Test
    void parallel_runs_over_both_replicas_get_exactly_the_concurrent_runs_and_the_rest_429_until_they_end() throws Exception {
        String a = engram.baseUrl();
        // set before the organization's first request on either replica: neither caches it as unlimited
        String member = tenant("two at once", "{\"concurrent_runs\": 2}").memberKey();
        String b = replicaB(operatorKey());
        int fired = 8;
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < fired; i++) {
            agents.add(Engram.JSON.readTree(send(a, "POST", "/v1/agents/", member, """
                    {"memory_blocks": [{"label": "persona", "value": "I am a concise, friendly assistant."}],
                     "model": "openai/gpt-4o-mini", "embedding": "openai/text-embedding-3-small"}""", 200)).path("id").asText());
        }
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        llm.defaultReply(request -> dev.engram.agent.support.llm.ScriptedReply.text("held").heldUntil(release));
        List<String> accepted = new ArrayList<>();
        int limited = 0;
        try {
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < fired; i++) {
                String replica = i % 2 == 0 ? a : b;
                sent.add(http.sendAsync(HttpRequest.newBuilder(URI.create(replica + "/v1/agents/" + agents.get(i) + "/messages/async"))
                        .timeout(Duration.ofMinutes(1)).header("Authorization", "Bearer " + member)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"input\": \"all at once\"}")).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> f : sent) {
                HttpResponse<String> r = f.get(2, TimeUnit.MINUTES);
                if (r.statusCode() == 200) {
                    accepted.add(Engram.JSON.readTree(r.body()).path("id").asText());
                } else {
                    assertEquals(429, r.statusCode(), r.body());
                    limited++;
                    assertTrue(r.headers().firstValue("Retry-After").orElse("").matches("[1-9][0-9]*"), r.headers().toString());
                    assertTrue(Engram.JSON.readTree(r.body()).path("detail").asText().contains("concurrent runs"), r.body());
                }
            }
        } finally {
            release.countDown();
        }
        assertEquals(2, accepted.size(), "accepted over both replicas: " + accepted);
        assertEquals(fired - 2, limited);
        for (String run : accepted) {
            assertEquals("completed", awaitEnd(a, member, run));
        }
        llm.reset();
        llm.enqueue(dev.engram.agent.support.llm.ScriptedReply.text("a slot again"));
        String next = Engram.JSON.readTree(send(b, "POST", "/v1/agents/" + agents.getLast() + "/messages/async", member,
                "{\"input\": \"after the others\"}", 200)).path("id").asText();
        assertEquals("completed", awaitEnd(a, member, next));
    }

    /** The run's status once it is no longer created or running (or the last seen after a minute). */
    private String awaitEnd(String base, String key, String run) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            status = Engram.JSON.readTree(send(base, "GET", "/v1/runs/" + run, key, null, 200)).path("status").asText();
            if (!status.equals("created") && !status.equals("running")) {
                return status;
            }
            Thread.sleep(100);
        }
        return status;
    }

    /** A call with a key; fails unless it answers {@code status}; answers the body. */
    private String send(String base, String method, String path, String key, String body, int status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), method + " " + path + ": " + r.body());
        return r.body();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
