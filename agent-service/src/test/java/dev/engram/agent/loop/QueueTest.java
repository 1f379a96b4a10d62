package dev.engram.agent.loop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class QueueTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
        llm.defaultReply(request -> ScriptedReply.text("reply").withLatency(Duration.ofMillis(300)));
    }

    @Test
    void concurrent_requests_to_one_agent_run_one_after_another_none_lost() throws Exception {
        String agent = Agents.create();
        int n = 4;
        List<Future<io.restassured.response.Response>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                String text = "message " + i;
                results.add(pool.submit(() -> Agents.send(agent, text).extract().response()));
            }
            for (Future<io.restassured.response.Response> f : results) {
                assertEquals(200, f.get().statusCode(), f.get().asString());
            }
        }
        // each run saw the one before it: the conversation grows by two messages per run, never interleaved
        List<Integer> sizes = new ArrayList<>();
        for (var r : llm.requests()) {
            JsonNode messages = r.body().path("messages");
            sizes.add(messages.size());
        }
        sizes.sort(Integer::compareTo);
        assertEquals(List.of(2, 4, 6, 8), sizes);
        int stored = RestAssured.given().queryParam("limit", 1000).get("/v1/agents/{id}/messages", agent).then().extract().path("size()");
        assertEquals(1 + 2 * n, stored);
    }
}
