package dev.engram.agent.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.loop.StepInfo;
import dev.engram.agent.run.RunRepository;
import dev.engram.agent.run.RunService;
import dev.engram.agent.run.StepRecord;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.StoredRuns;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Usage events are written with what they measure: the llm_step event with the step record (one statement), tool
 * executions under the call's key. Over a load with an LLM outage in the middle and a run whose replica died, the
 * usage totals are exactly the sums of {@code /v1/steps}: no step lost, none counted twice.
 */
@QuarkusTest
class UsageMeteringTest {

    private static final String ORG = "org-00000000-0000-4000-8000-000000000000";
    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @Inject
    Pool pool;
    @Inject
    RunService runs;
    @Inject
    RunRepository runRepository;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    private List<Row> rows(String sql, Object... params) {
        List<Row> out = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(10)).forEach(out::add);
        return out;
    }

    @Test
    void a_step_is_recorded_with_its_llm_step_event() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.toolCalls(call("call_1", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Uses Nuxt.\"}"))
                        .withUsage(900, 20),
                ScriptedReply.text("Noted.").withUsage(950, 8));
        Agents.send(agent, "I'm using Nuxt.").statusCode(200);

        List<Row> steps = rows("SELECT id FROM agent.steps WHERE agent_id = $1 ORDER BY created_at", agent);
        List<Row> events = rows("SELECT * FROM agent.usage_events WHERE agent_id = $1 AND meter = 'llm_step' ORDER BY prompt_tokens", agent);
        assertEquals(2, events.size());
        assertEquals(steps.stream().map(r -> "step:" + r.getString("id")).sorted().toList(),
                events.stream().map(r -> r.getString("id")).sorted().toList());
        Row first = events.getFirst();
        assertEquals(ORG, first.getString("organization_id"));
        assertEquals(900L, first.getLong("prompt_tokens"));
        assertEquals(20L, first.getLong("completion_tokens"));
        assertEquals(920L, first.getLong("total_tokens"));
        assertEquals(920L, first.getLong("quantity"));
        assertEquals("tokens", first.getString("unit"));
        assertEquals("openai", first.getString("provider"));
        assertEquals("gpt-4o-mini", first.getString("model"));
        assertEquals(false, first.getBoolean("byok"));
        List<Row> tools = rows("SELECT * FROM agent.usage_events WHERE agent_id = $1 AND meter = 'tool_execution'", agent);
        assertEquals(1, tools.size());
        assertTrue(tools.getFirst().getString("id").endsWith(":call_1"));
        assertEquals(tools.getFirst().getString("step_id"), first.getString("step_id"), "the tool ran in the first step");
        assertEquals("ms", tools.getFirst().getString("unit"));
    }

    @Test
    void the_same_step_recorded_twice_is_one_event() {
        String agent = Agents.create();
        String step = "step-" + UUID.randomUUID();
        StepInfo info = new StepInfo(ORG, agent, "run-" + UUID.randomUUID(), "openai", "base", "gpt-4o-mini", "openai/gpt-4o-mini", null, 128000,
                70, 7, 3, null, "end_turn", java.util.List.of(), new dev.engram.agent.loop.StepClock().times());
        Instant started = Instant.now();
        runs.recordStep(info, step, started, "success", null).await().atMost(Duration.ofSeconds(10));
        runs.recordStep(info, step, started, "success", null).await().atMost(Duration.ofSeconds(10));

        assertEquals(1, rows("SELECT id FROM agent.steps WHERE id = $1", step).size());
        List<Row> events = rows("SELECT * FROM agent.usage_events WHERE step_id = $1", step);
        assertEquals(1, events.size());
        assertEquals("step:" + step, events.getFirst().getString("id"));
        assertEquals(77L, events.getFirst().getLong("total_tokens"));
        assertEquals(3L, events.getFirst().getLong("cached_tokens"));
    }

    /** The organization's steps and tokens this month as the budget check reads them (usage_months). */
    private long[] month() {
        List<Row> r = rows("SELECT steps, tokens FROM agent.usage_months WHERE organization_id = $1 "
                + "AND month = date_trunc('month', now() AT TIME ZONE 'UTC')::date", ORG);
        return r.isEmpty() ? new long[] {0, 0} : new long[] {r.getFirst().getLong("steps"), r.getFirst().getLong("tokens")};
    }

    @Test
    void usage_totals_equal_the_steps_usage_after_a_load_with_an_llm_outage_and_a_dead_replica() throws Exception {
        long[] monthBefore = month();
        List<String> agents = new ArrayList<>();
        long expectedTokens = 0;
        int expectedSteps = 0;
        int expectedToolCalls = 0;
        // three agents, two messages each: a tool call then a reply
        for (int a = 0; a < 3; a++) {
            String agent = Agents.create();
            agents.add(agent);
            for (int m = 0; m < 2; m++) {
                int p = 100 * (a + 1) + m;
                llm.enqueue(ScriptedReply.toolCalls(call("call_" + a + "_" + m, "memory_insert",
                                "{\"label\": \"human\", \"new_string\": \"Fact " + a + "." + m + "\"}")).withUsage(p, 10),
                        ScriptedReply.text("Noted " + a + "." + m).withUsage(p + 50, 5));
                Agents.send(agent, "Remember fact " + a + "." + m).statusCode(200);
                expectedTokens += (p + 10) + (p + 50 + 5);
                expectedSteps += 2;
                expectedToolCalls++;
            }
        }
        // an LLM outage in the middle of a run: the first step calls a tool, the second gets 500s until the retries give up
        String failing = Agents.create();
        agents.add(failing);
        llm.enqueue(ScriptedReply.toolCalls(call("call_f", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Fails next.\"}"))
                .withUsage(400, 12));
        llm.defaultReply(request -> ScriptedReply.serverError());
        Agents.send(failing, "This run fails half-way.");
        llm.reset();
        expectedTokens += 412;
        expectedSteps += 2; // the failed step is recorded too, with no tokens
        expectedToolCalls++;
        assertEquals("failed", rows("SELECT status FROM agent.runs WHERE agent_id = $1", failing).getFirst().getString("status"));
        // a replica died between its step's plan (written with its usage, as insertStep writes it) and the step's commit
        String recovered = Agents.create();
        agents.add(recovered);
        String run = "run-" + UUID.randomUUID();
        String step = "step-" + UUID.randomUUID();
        runRepository.insertStep(deadReplicaStep(recovered, run, step)).await().atMost(Duration.ofSeconds(10));
        llm.enqueue(ScriptedReply.text("Recovered.").withUsage(500, 6));
        orphanRun(run, recovered);
        assertEquals("completed", awaitEnd(run));
        expectedTokens += 55 + 506;
        expectedSteps += 2;
        expectedToolCalls++;
        // the agent goes on after its recovered run
        llm.enqueue(ScriptedReply.text("Still here.").withUsage(510, 2));
        Agents.send(recovered, "hello?").statusCode(200);
        expectedTokens += 512;
        expectedSteps += 1;

        long stepTokens = 0;
        int stepCount = 0;
        for (String agent : agents) {
            JsonPath steps = given().queryParam("agent_id", agent).queryParam("limit", 1000).get("/v1/steps").then().statusCode(200)
                    .extract().jsonPath();
            List<Integer> totals = steps.getList("total_tokens", Integer.class);
            stepTokens += totals.stream().mapToLong(Integer::longValue).sum();
            stepCount += totals.size();
        }
        assertEquals(expectedSteps, stepCount, "steps recorded");
        assertEquals(expectedTokens, stepTokens, "tokens of the steps");

        JsonPath usage = given().queryParam("group_by", "agent").get("/v1/usage").then().statusCode(200).extract().jsonPath();
        long usageTokens = 0;
        long usageSteps = 0;
        long usagePrompt = 0;
        long toolCalls = 0;
        for (Map<String, Object> line : usage.<Map<String, Object>>getList("groups")) {
            if (!agents.contains(line.get("agent_id"))) {
                continue;
            }
            if ("llm_step".equals(line.get("meter"))) {
                usageTokens += ((Number) line.get("total_tokens")).longValue();
                usagePrompt += ((Number) line.get("prompt_tokens")).longValue();
                usageSteps += ((Number) line.get("events")).longValue();
            } else if ("tool_execution".equals(line.get("meter"))) {
                toolCalls += ((Number) line.get("events")).longValue();
            }
        }
        assertEquals(stepTokens, usageTokens, "usage tokens == sum of /v1/steps total_tokens");
        assertEquals(stepCount, usageSteps, "one llm_step event per step");
        assertTrue(usagePrompt > 0 && usagePrompt < usageTokens);
        assertEquals(expectedToolCalls, toolCalls, "each tool call metered once, the resumed one included");
        long[] monthAfter = month();
        assertEquals(stepCount, monthAfter[0] - monthBefore[0], "the month's step counter (what budgets read) moved with the steps");
        assertEquals(stepTokens, monthAfter[1] - monthBefore[1], "the month's token counter moved with the steps' tokens");

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("engram_usage_steps_total{organization_id=\"" + ORG + "\"}"))
                .body(containsString("engram_usage_tokens_total{kind=\"prompt\",organization_id=\"" + ORG + "\"}"))
                .body(containsString("engram_usage_tool_executions_total{meter=\"tool_execution\",organization_id=\"" + ORG + "\"}"));
    }

    /** The pending step a dead replica left: its LLM answer (a memory_insert call) and usage 50 + 5, as planStep stores it. */
    private static StepRecord deadReplicaStep(String agent, String run, String step) throws Exception {
        String plan = """
                {"assistant": {"id": "message-%s", "agent_id": "%s", "role": "assistant", "content": [],
                  "tool_calls": [{"id": "call_r", "type": "function", "function": {"name": "memory_insert",
                    "arguments": "{\\"label\\": \\"human\\", \\"new_string\\": \\"Recovered fact.\\"}"}}],
                  "step_id": "%s", "run_id": "%s", "created_at": "2026-01-01T10:00:01Z"},
                 "inputs": [{"id": "message-%s", "agent_id": "%s", "role": "user", "content": [{"type": "text", "text": "Remember this."}],
                  "run_id": "%s", "created_at": "2026-01-01T10:00:00Z"}],
                 "usage": {"prompt_tokens": 50, "completion_tokens": 5, "total_tokens": 55}}
                """.formatted(UUID.randomUUID(), agent, step, run, UUID.randomUUID(), agent, run);
        StepRecord s = new StepRecord();
        s.id = step;
        s.organizationId = ORG;
        s.agentId = agent;
        s.runId = run;
        s.providerName = "openai";
        s.providerCategory = "base";
        s.model = "gpt-4o-mini";
        s.modelHandle = "openai/gpt-4o-mini";
        s.promptTokens = 50;
        s.completionTokens = 5;
        s.totalTokens = 55;
        s.status = "pending";
        JsonNode parsed = JsonText.MAPPER.readTree(plan);
        s.plan = parsed;
        s.createdAt = Instant.now().minusSeconds(60);
        return s;
    }

    private void orphanRun(String run, String agent) {
        StoredRuns.insert(run, agent, "running",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"Remember this.\"}], \"input\": null, \"client_tools\": null}",
                Duration.ofMinutes(1), false);
    }

    private static String awaitEnd(String run) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        String status = "running";
        while (System.nanoTime() < deadline && ("running".equals(status) || "created".equals(status))) {
            Thread.sleep(200);
            status = given().get("/v1/runs/{id}", run).then().extract().path("status");
        }
        return status;
    }
}
