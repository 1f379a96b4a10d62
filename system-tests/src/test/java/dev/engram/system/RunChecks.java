package dev.engram.system;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/** What the tests that stop or kill a replica mid-run check of a run through the public API. */
final class RunChecks {

    private RunChecks() {
    }

    /** The run once it has ended (its status neither created nor running); fails the test after {@code wait}. */
    static JsonNode awaitEnd(Engram engram, String run, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        JsonNode current = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = engram.get("/v1/runs/" + run);
            if (r.statusCode() == 200) {
                current = engram.json(r);
                String status = current.path("status").asText();
                if (!status.equals("created") && !status.equals("running")) {
                    return current;
                }
            }
            Thread.sleep(200);
        }
        return fail("run " + run + " did not end within " + wait + ": " + current);
    }

    /**
     * Metering is exact: the organization's llm_step usage is the sum of {@code /v1/steps}, one event per step, none
     * lost with a stopped process and none counted twice by a step taken again.
     */
    static void assertUsageIsTheStepsSum(Engram engram) throws Exception {
        long steps = 0;
        long tokens = 0;
        String after = null;
        while (true) {
            JsonNode page = engram.json(engram.get("/v1/steps/?order=asc&limit=100" + (after == null ? "" : "&after=" + after)));
            for (JsonNode step : page) {
                steps++;
                tokens += step.path("total_tokens").asLong();
            }
            if (page.size() < 100) {
                break;
            }
            after = page.get(page.size() - 1).path("id").asText();
        }
        JsonNode usage = engram.json(engram.get("/v1/usage"));
        JsonNode llm = null;
        for (JsonNode line : usage.path("totals")) {
            if ("llm_step".equals(line.path("meter").asText())) {
                llm = line;
            }
        }
        assertNotNull(llm, usage.toPrettyString());
        assertEquals(steps, llm.path("events").asLong(), "one llm_step event per step: " + usage.toPrettyString());
        assertEquals(tokens, llm.path("total_tokens").asLong(), "usage tokens = the steps' tokens: " + usage.toPrettyString());
    }
}
