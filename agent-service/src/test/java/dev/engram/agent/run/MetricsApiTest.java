package dev.engram.agent.run;

import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Letta's step and run metrics and provider traces: what each step's times say, what a run adds up to, and what a step
 * sent its model and got back.
 */
@QuarkusTest
class MetricsApiTest {

    private static final long LLM_LATENCY_NS = Duration.ofMillis(150).toNanos();

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @jakarta.inject.Inject
    ProviderTraces traces;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    @Test
    void each_step_has_its_start_its_llm_request_and_its_tool_time_and_the_run_adds_them_up() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.toolCalls(call("call_1", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Uses Nuxt.\"}"))
                        .withLatency(Duration.ofMillis(150)),
                ScriptedReply.text("Noted.").withLatency(Duration.ofMillis(150)));
        long before = System.currentTimeMillis() * 1_000_000L;
        Agents.send(agent, "I'm using Nuxt.").statusCode(200);
        long after = System.currentTimeMillis() * 1_000_000L + 1_000_000L;

        String run = given().queryParam("agent_id", agent).get("/v1/runs").then().statusCode(200).extract().path("[0].id");
        List<String> steps = given().queryParam("order", "asc").get("/v1/runs/{id}/steps", run).then().extract().path("id");
        assertEquals(2, steps.size());

        JsonPath tool = metrics(steps.get(0));
        assertEquals(steps.get(0), tool.getString("id"));
        assertEquals(run, tool.getString("run_id"));
        assertEquals(agent, tool.getString("agent_id"));
        long start = tool.getLong("step_start_ns");
        assertTrue(start >= before && start <= after, start + " not within the request");
        assertTrue(tool.getLong("llm_request_start_ns") >= start);
        // the scripted model answered after 150 ms: the request cannot have taken less
        assertTrue(tool.getLong("llm_request_ns") >= LLM_LATENCY_NS, "llm_request_ns " + tool.getLong("llm_request_ns"));
        assertTrue(tool.getLong("tool_execution_ns") > 0);
        assertTrue(tool.getLong("step_ns") >= tool.getLong("llm_request_ns") + tool.getLong("tool_execution_ns"));

        JsonPath reply = metrics(steps.get(1));
        assertTrue(reply.getLong("step_start_ns") >= start + tool.getLong("step_ns"), "the second step starts after the first");
        assertTrue(reply.getLong("llm_request_ns") >= LLM_LATENCY_NS);
        assertNull(reply.get("tool_execution_ns"), "a step that called no tool has no tool time");
        assertTrue(reply.getLong("step_ns") >= reply.getLong("llm_request_ns"));

        String memoryInsert = given().queryParam("name", "memory_insert").get("/v1/tools/").then().extract().path("[0].id");
        JsonPath runMetrics = given().get("/v1/runs/{id}/metrics", run).then().statusCode(200).extract().jsonPath();
        assertEquals(run, runMetrics.getString("id"));
        assertEquals(agent, runMetrics.getString("agent_id"));
        assertEquals(2, runMetrics.getInt("num_steps"));
        assertEquals(List.of(memoryInsert), runMetrics.getList("tools_used"));
        long runStart = runMetrics.getLong("run_start_ns");
        assertTrue(runStart >= before - 1_000_000L && runStart <= start, "the run starts before its first step");
        long total = given().get("/v1/runs/{id}", run).then().extract().jsonPath().getLong("total_duration_ns");
        assertEquals(total, runMetrics.getLong("run_ns"));
        assertTrue(runMetrics.getLong("run_ns") >= tool.getLong("step_ns") + reply.getLong("step_ns"));
    }

    @Test
    void an_approval_answer_step_has_tool_time_and_no_llm_request_and_client_tools_are_not_in_tools_used() {
        String agent = Agents.create();
        Map<String, Object> readFile = Map.of("name", "read_file", "description", "Read a file",
                "parameters", Map.of("type", "object", "properties", Map.of("path", Map.of("type", "string"))));
        llm.enqueue(ScriptedReply.toolCalls(call("call_read", "read_file", "{\"path\": \"a\"}")), ScriptedReply.text("It says hi."));
        Map<String, Object> ask = new HashMap<>(Map.of("messages", List.of(Map.of("role", "user", "content", "read a")),
                "client_tools", List.of(readFile)));
        given().contentType(ContentType.JSON).body(ask).post("/v1/agents/{id}/messages", agent).then().statusCode(200)
                .body("stop_reason.stop_reason", equalTo("requires_approval"));
        String asked = given().queryParam("agent_id", agent).get("/v1/runs").then().extract().path("[0].id");
        assertNull(given().get("/v1/runs/{id}/metrics", asked).then().statusCode(200).extract().path("tools_used"),
                "a client tool has no id");

        Map<String, Object> answer = new HashMap<>(Map.of("messages", List.of(Map.of("type", "approval", "approvals",
                List.of(Map.of("type", "tool", "tool_call_id", "call_read", "tool_return", "hi", "status", "success"))))));
        answer.put("client_tools", List.of(readFile));
        given().contentType(ContentType.JSON).body(answer).post("/v1/agents/{id}/messages", agent).then().statusCode(200);
        String answered = given().queryParam("agent_id", agent).get("/v1/runs").then().extract().path("[0].id");
        List<String> steps = given().queryParam("order", "asc").get("/v1/runs/{id}/steps", answered).then().extract().path("id");
        JsonPath first = metrics(steps.getFirst());
        assertNotNull(first.get("step_start_ns"));
        assertNotNull(first.get("step_ns"));
        assertNull(first.get("llm_request_start_ns"), "answering an approval calls no LLM");
        assertNull(first.get("llm_request_ns"));
    }

    @Test
    void a_steps_trace_is_the_request_it_sent_its_model_and_the_answer_and_old_traces_are_pruned() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.toolCalls(call("call_1", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Uses Nuxt.\"}"))
                        .withUsage(900, 20),
                ScriptedReply.text("Noted.").withUsage(950, 8));
        Agents.send(agent, "I'm using Nuxt.").statusCode(200);
        String run = given().queryParam("agent_id", agent).get("/v1/runs").then().extract().path("[0].id");
        List<String> steps = given().queryParam("order", "asc").get("/v1/runs/{id}/steps", run).then().extract().path("id");

        JsonPath first = given().get("/v1/steps/{id}/trace", steps.get(0)).then().statusCode(200).extract().jsonPath();
        assertTrue(first.getString("id").startsWith("provider_trace-"));
        assertEquals(steps.get(0), first.getString("step_id"));
        assertEquals(run, first.getString("run_id"));
        assertEquals(agent, first.getString("agent_id"));
        assertEquals("agent_step", first.getString("call_type"));
        // the request as the scripted model received it: same messages, same tools
        var received = llm.requests().get(0).body();
        assertEquals(received.path("messages").size(), first.getList("request_json.messages").size());
        assertEquals("system", first.getString("request_json.messages[0].role"));
        assertEquals("I'm using Nuxt.", lastUserText(first));
        assertEquals(received.path("tools").size(), first.getList("request_json.tools").size());
        assertEquals("memory_insert", first.getString("response_json.choices[0].message.tool_calls[0].function.name"));
        assertEquals("tool_calls", first.getString("response_json.choices[0].finish_reason"));
        assertEquals(900, first.getInt("response_json.usage.prompt_tokens"));

        // Letta's deprecated route answers the same
        given().get("/v1/telemetry/{id}", steps.get(0)).then().statusCode(200).body("id", equalTo(first.getString("id")));
        JsonPath second = given().get("/v1/steps/{id}/trace", steps.get(1)).then().statusCode(200).extract().jsonPath();
        assertEquals("Noted.", second.getString("response_json.choices[0].message.content"));
        assertEquals("tool", second.getString("request_json.messages[-1].role"), "the second request ends with the tool's result");

        // past the retention it goes, and the step answers a JSON null
        Integer pruned = traces.pruneBefore(java.time.Instant.now().plusSeconds(1)).await().atMost(Duration.ofSeconds(10));
        assertTrue(pruned >= 2, "pruned " + pruned);
        String body = given().get("/v1/steps/{id}/trace", steps.get(0)).then().statusCode(200).contentType(ContentType.JSON)
                .extract().asString();
        assertEquals("null", body);
    }

    @Test
    void an_agents_provider_traces_go_with_the_agent() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.text("Hi."));
        Agents.send(agent, "my secret is 42").statusCode(200);
        String run = given().queryParam("agent_id", agent).get("/v1/runs").then().extract().path("[0].id");
        String step = given().get("/v1/runs/{id}/steps", run).then().extract().path("[0].id");
        assertNotNull(traces.ofStep(dev.engram.agent.web.Actor.DEFAULT_ORG, step).await().atMost(Duration.ofSeconds(10)));
        given().delete("/v1/agents/{id}", agent).then().statusCode(200);
        assertNull(traces.ofStep(dev.engram.agent.web.Actor.DEFAULT_ORG, step).await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void a_failed_llm_call_is_traced_with_its_error() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.unauthorized());
        Agents.send(agent, "hello?");
        String run = given().queryParam("agent_id", agent).get("/v1/runs").then().extract().path("[0].id");
        String step = given().get("/v1/runs/{id}/steps", run).then().extract().path("[0].id");
        given().get("/v1/steps/{id}/trace", step).then().statusCode(200)
                .body("response_json.error.type", equalTo("authentication"))
                .body("request_json.messages[-1].content", equalTo("hello?"));
    }

    @Test
    void a_runs_otel_trace_is_not_recorded_and_says_where_its_timings_are() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.text("Hi."));
        Agents.send(agent, "hi").statusCode(200);
        String run = given().queryParam("agent_id", agent).get("/v1/runs").then().extract().path("[0].id");
        given().get("/v1/runs/{id}/trace", run).then().statusCode(501).body("detail", containsString("/v1/runs/" + run + "/metrics"));
        given().get("/v1/runs/{id}/trace", "run-" + UUID.randomUUID()).then().statusCode(404);
        given().queryParam("limit", 0).get("/v1/runs/{id}/trace", run).then().statusCode(422).body("detail", containsString("limit"));
    }

    private static String lastUserText(JsonPath trace) {
        List<Map<String, Object>> messages = trace.getList("request_json.messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).get("role"))) {
                return String.valueOf(messages.get(i).get("content"));
            }
        }
        return null;
    }

    @Test
    void unknown_and_malformed_ids_are_404_and_422() {
        given().get("/v1/steps/{id}/metrics", "step-" + UUID.randomUUID()).then().statusCode(404);
        given().get("/v1/steps/{id}/metrics", "nope").then().statusCode(422).body("detail", containsString("step_id"));
        given().get("/v1/runs/{id}/metrics", "run-" + UUID.randomUUID()).then().statusCode(404);
        given().get("/v1/runs/{id}/metrics", "nope").then().statusCode(422).body("detail", containsString("run_id"));
        given().get("/v1/steps/{id}/trace", "step-" + UUID.randomUUID()).then().statusCode(404);
        given().get("/v1/telemetry/{id}", "step-" + UUID.randomUUID()).then().statusCode(404);
    }

    private static JsonPath metrics(String step) {
        return given().get("/v1/steps/{id}/metrics", step).then().statusCode(200).extract().jsonPath();
    }
}
