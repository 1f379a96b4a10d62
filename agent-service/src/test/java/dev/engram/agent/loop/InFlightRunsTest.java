package dev.engram.agent.loop;

import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code engram_runs_in_flight} on /q/metrics counts the runs a replica holds: the Kubernetes autoscaler of
 * agent-service scales on it (k8s/README.md, "Autoscaling").
 */
@QuarkusTest
class InFlightRunsTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    @Test
    void a_run_waiting_on_the_model_counts_as_in_flight_until_it_ends() throws Exception {
        String agent = Agents.create();
        double before = inFlight();
        CountDownLatch release = new CountDownLatch(1);
        llm.enqueue(ScriptedReply.text("Done.").heldUntil(release));

        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> Agents.send(agent, "hello").extract().statusCode());
        assertTrue(llm.awaitRequests(1, Duration.ofMinutes(1)), "the run reached the model");
        assertEquals(before + 1, inFlight(), "the run is held while the model thinks");

        release.countDown();
        assertEquals(200, status.get(1, TimeUnit.MINUTES));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (inFlight() != before && System.nanoTime() < deadline) {
            Thread.sleep(20); // the run's last bookkeeping may finish just after its answer
        }
        assertEquals(before, inFlight(), "an ended run is no longer counted");
    }

    /** The gauge's value on /q/metrics. */
    private static double inFlight() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("engram_runs_in_flight ") || line.startsWith("engram_runs_in_flight{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no engram_runs_in_flight on /q/metrics");
    }
}
