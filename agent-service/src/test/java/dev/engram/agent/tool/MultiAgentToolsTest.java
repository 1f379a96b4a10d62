package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedLlmServer;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The multi-agent tools end to end: each agent's model is scripted by agent (the scripted server reads the agent's id
 * from the system prompt), and every message to another agent is a real run of that agent.
 */
@QuarkusTest
class MultiAgentToolsTest {

    private static final Pattern AGENT_ID = Pattern.compile("AGENT_ID: (agent-[0-9a-f-]{36})");
    private static final String WAIT = "send_message_to_agent_and_wait_for_reply";
    private static final String ASYNC = "send_message_to_agent_async";
    private static final String TAGS = "send_message_to_agents_matching_tags";

    private final ScriptedOpenAiServer llm = Suite.get().llm;
    private final Map<String, Function<JsonNode, ScriptedReply>> scripts = new ConcurrentHashMap<>();
    private final AtomicInteger callIds = new AtomicInteger();

    @BeforeEach
    void reset() {
        llm.reset();
        scripts.clear();
        llm.defaultReply(request -> scripts.getOrDefault(agentOf(request), r -> ScriptedReply.text("unscripted")).apply(request));
    }

    // --- the model, per agent

    private static String agentOf(JsonNode request) {
        Matcher m = AGENT_ID.matcher(request.path("messages").get(0).path("content").asText());
        return m.find() ? m.group(1) : null;
    }

    private static JsonNode last(JsonNode request) {
        JsonNode messages = request.path("messages");
        return messages.get(messages.size() - 1);
    }

    /** The agent calls the tool on its input, then answers {@code then} once the result is back. */
    private Function<JsonNode, ScriptedReply> calls(String tool, String arguments, String then) {
        String id = "call_" + callIds.incrementAndGet();
        return request -> "tool".equals(last(request).path("role").asText())
                ? ScriptedReply.text(then)
                : ScriptedReply.toolCalls(call(id, tool, arguments));
    }

    private static Function<JsonNode, ScriptedReply> says(String text) {
        return request -> ScriptedReply.text(text);
    }

    private static String args(String message, String other) {
        return "{\"message\": \"" + message + "\", \"other_agent_id\": \"" + other + "\"}";
    }

    /** The requests the model got from this agent, oldest first. */
    private List<JsonNode> requestsOf(String agent) {
        return llm.requests().stream().map(ScriptedLlmServer.Received::body).filter(b -> agent.equals(agentOf(b))).toList();
    }

    // --- fixtures

    private static String agent(List<String> tags) {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("include_multi_agent_tools", true);
        body.put("tags", tags);
        return Agents.create(body);
    }

    private static String agent() {
        return agent(List.of());
    }

    private static Response send(String agent, String text) {
        return Agents.send(agent, text).statusCode(200).extract().response();
    }

    private static List<Map<String, Object>> runsOf(String agent) {
        return given().queryParam("agent_id", agent).get("/v1/runs").then().statusCode(200).extract().path("$");
    }

    private static List<Map<String, Object>> historyOf(String agent) {
        return given().queryParam("order", "asc").get("/v1/agents/{id}/messages", agent).then().statusCode(200).extract().path("$");
    }

    private static String asked(String sender, String message) {
        return "[Incoming message from agent with ID '" + sender + "' - your response will be delivered to the sender] " + message;
    }

    // --- tests

    @Test
    void include_multi_agent_tools_attaches_exactly_the_three_tools_and_the_model_sees_their_schemas() {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("include_multi_agent_tools", true);
        body.put("include_base_tools", false);
        String agent = Agents.create(body);
        given().get("/v1/agents/{id}", agent).then().statusCode(200)
                .body("tools.name", containsInAnyOrder(WAIT, TAGS, ASYNC))
                .body("tools.tool_type", everyItem(equalTo("letta_multi_agent_core")));
        scripts.put(agent, says("hi"));
        send(agent, "hello");
        JsonNode tools = llm.lastRequest().body().path("tools");
        Map<String, JsonNode> byName = new HashMap<>();
        tools.forEach(t -> byName.put(t.path("function").path("name").asText(), t.path("function").path("parameters")));
        assertEquals(java.util.Set.of(WAIT, TAGS, ASYNC), byName.keySet());
        assertEquals(List.of("message", "other_agent_id"), names(byName.get(WAIT).path("required")));
        assertEquals(List.of("message", "other_agent_id"), names(byName.get(ASYNC).path("required")));
        assertEquals(List.of("message", "match_all", "match_some"), names(byName.get(TAGS).path("required")));
        assertEquals("array", byName.get(TAGS).path("properties").path("match_all").path("type").asText());
        assertEquals("string", byName.get(TAGS).path("properties").path("match_some").path("items").path("type").asText());

        // beside the base tools; without the option, none of them
        String both = agent();
        given().get("/v1/agents/{id}", both).then()
                .body("tools.name", containsInAnyOrder("conversation_search", "memory_insert", "memory_replace", WAIT, TAGS, ASYNC));
        given().get("/v1/agents/{id}", Agents.create()).then().body("tools.name", not(hasItem(WAIT)))
                .body("tools.name", not(hasItem(ASYNC))).body("tools.name", not(hasItem(TAGS)));
    }

    @Test
    void with_base_tool_rules_only_the_async_tool_ends_the_turn() {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("agent_type", "memgpt_v2_agent");
        body.put("include_multi_agent_tools", true);
        String agent = Agents.create(body);
        given().get("/v1/agents/{id}", agent).then()
                .body("tool_rules.find { it.tool_name == 'send_message_to_agent_async' }.type", equalTo("exit_loop"))
                .body("tool_rules.find { it.tool_name == 'send_message_to_agent_and_wait_for_reply' }", nullValue())
                .body("tool_rules.find { it.tool_name == 'send_message_to_agents_matching_tags' }", nullValue());
    }

    @Test
    void an_agent_asks_another_and_gets_its_reply_through_a_nested_run() {
        String a = agent();
        String b = agent();
        scripts.put(a, calls(WAIT, args("What is the capital of France?", b), "B says Paris."));
        scripts.put(b, says("Paris."));

        send(a, "Ask B.").then()
                .body("messages.message_type", contains("tool_call_message", "tool_return_message", "assistant_message"))
                .body("messages[1].status", equalTo("success"))
                .body("messages[1].tool_return", equalTo("{'agent_id': '" + b + "', 'response': ['Paris.']}"))
                .body("messages[2].content", equalTo("B says Paris."))
                .body("stop_reason.stop_reason", equalTo("end_turn"));

        // B ran a turn on a system message that names the sender, and answered in its own history
        List<Map<String, Object>> history = historyOf(b);
        assertEquals(List.of("system_message", "system_message", "assistant_message"), history.stream().map(m -> m.get("message_type")).toList());
        assertEquals(asked(a, "What is the capital of France?"), history.get(1).get("content"));
        assertEquals("Paris.", history.get(2).get("content"));
        JsonNode bSaw = requestsOf(b).getFirst();
        assertEquals(asked(a, "What is the capital of France?"), last(bSaw).path("content").asText());

        // the nested run is B's own, with the chain of callers
        List<Map<String, Object>> runs = runsOf(b);
        assertEquals(1, runs.size());
        assertEquals("completed", runs.getFirst().get("status"));
        assertEquals(false, runs.getFirst().get("background"));
        Map<?, ?> metadata = (Map<?, ?>) runs.getFirst().get("metadata");
        assertEquals("agent_send_message_to_agent", metadata.get("run_type"));
        assertEquals(List.of(a), metadata.get("caller_agent_ids"));
        // A's own run was started by a client: no callers
        assertEquals(null, ((Map<?, ?>) runsOf(a).getFirst().get("metadata")).get("caller_agent_ids"));
        given().get("/v1/runs/{id}/messages", runs.getFirst().get("id")).then().statusCode(200)
                .body("message_type", hasItem("assistant_message"));
    }

    @Test
    void a_reply_without_assistant_text_is_no_response() {
        String a = agent();
        String b = agent();
        scripts.put(a, calls(WAIT, args("ping", b), "done"));
        // B only edits its memory and says nothing
        scripts.put(b, calls("memory_insert", "{\"label\": \"human\", \"new_string\": \"A pinged.\"}", ""));
        send(a, "Ping B.").then()
                .body("messages[1].tool_return", equalTo("{'agent_id': '" + b + "', 'response': ['<no response>']}"));
    }

    @Test
    void asking_a_busy_agent_waits_for_its_current_run() throws Exception {
        String a = agent();
        String b = agent();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger bCalls = new AtomicInteger();
        scripts.put(b, request -> bCalls.incrementAndGet() == 1 ? ScriptedReply.text("busy work done").heldUntil(release)
                : ScriptedReply.text("now free"));
        scripts.put(a, calls(WAIT, args("are you there?", b), "B answered."));
        try (ExecutorService clients = Executors.newFixedThreadPool(2)) {
            Future<Response> clientRun = clients.submit(() -> send(b, "long job"));
            assertTrue(llm.awaitRequests(1, Duration.ofSeconds(10)));
            Future<Response> asking = clients.submit(() -> send(a, "Ask B."));
            assertTrue(llm.awaitRequests(2, Duration.ofSeconds(10)), "A called its tool");
            Thread.sleep(500);
            assertEquals(1, bCalls.get(), "B's nested run waits behind its current run");
            assertEquals(List.of("created", "running"), runsOf(b).stream().map(r -> r.get("status")).toList());
            release.countDown();
            clientRun.get(20, TimeUnit.SECONDS).then().body("messages[0].content", equalTo("busy work done"));
            asking.get(20, TimeUnit.SECONDS).then()
                    .body("messages[1].tool_return", equalTo("{'agent_id': '" + b + "', 'response': ['now free']}"));
        }
    }

    @Test
    void the_async_message_returns_at_once_and_the_other_agent_runs_by_itself() throws Exception {
        String a = agent();
        String b = agent();
        CountDownLatch release = new CountDownLatch(1);
        scripts.put(a, calls(ASYNC, args("FYI: the deploy is done.", b), "Told B."));
        scripts.put(b, request -> ScriptedReply.text("Noted.").heldUntil(release));

        send(a, "Tell B.").then()
                .body("messages.message_type", contains("tool_call_message", "tool_return_message", "assistant_message"))
                .body("messages[1].status", equalTo("success"))
                .body("messages[1].tool_return", equalTo("Successfully sent message"));
        // A's turn ended while B's model call is still held: A did not wait for it
        assertTrue(llm.awaitRequests(3, Duration.ofSeconds(10)));
        assertEquals("running", runsOf(b).getFirst().get("status"));
        release.countDown();
        awaitStatus(b, "completed");
        List<Map<String, Object>> history = historyOf(b);
        assertEquals("[Incoming message from agent with ID '" + a + "' - this is a one-way notification; if you need to respond, use an "
                + "agent-to-agent messaging tool if available] FYI: the deploy is done.", history.get(1).get("content"));
        assertEquals("Noted.", history.get(2).get("content"));
        assertEquals(List.of(a), ((Map<?, ?>) runsOf(b).getFirst().get("metadata")).get("caller_agent_ids"));
    }

    @Test
    void a_one_way_notice_can_be_answered_with_another_one_way_notice() throws Exception {
        String a = agent();
        String b = agent();
        scripts.put(a, request -> {
            String text = last(request).path("content").asText();
            if (text.contains("one-way notification")) {
                return ScriptedReply.text("Got B's answer.");
            }
            return calls(ASYNC, args("hello", b), "Sent.").apply(request);
        });
        scripts.put(b, calls(ASYNC, args("hello back", a), "Answered A."));
        send(a, "Greet B.");
        // B's answer is a call back to A: no one waits, so it is no cycle; it runs once A's turn is over
        awaitStatus(b, "completed");
        awaitRuns(a, 2);
        Map<String, Object> answer = runsOf(a).getFirst();
        assertEquals(List.of(a, b), ((Map<?, ?>) answer.get("metadata")).get("caller_agent_ids"));
        given().get("/v1/runs/{id}/messages", answer.get("id")).then().body("find { it.message_type == 'assistant_message' }.content",
                equalTo("Got B's answer."));
    }

    @Test
    void matching_tags_asks_the_agents_with_all_of_match_all_and_one_of_match_some_except_the_sender() {
        String team = "team-" + UUID.randomUUID();
        String east = "east-" + UUID.randomUUID();
        String west = "west-" + UUID.randomUUID();
        String sender = agent(List.of(team, east));
        String x = agent(List.of(team, east));
        String y = agent(List.of(west, team));
        String notInTeam = agent(List.of(east));
        String neither = agent(List.of(team));
        for (String other : List.of(x, y, notInTeam, neither)) {
            scripts.put(other, says("here is " + other));
        }
        scripts.put(sender, request -> {
            if ("tool".equals(last(request).path("role").asText())) {
                return ScriptedReply.text("collected");
            }
            String input = last(request).path("content").asText();
            String some = input.contains("all of the team") ? "[]" : "[\"" + east + "\", \"" + west + "\"]";
            return ScriptedReply.toolCalls(call("call_" + callIds.incrementAndGet(), TAGS,
                    "{\"message\": \"status?\", \"match_all\": [\"" + team + "\"], \"match_some\": " + some + "}"));
        });

        send(sender, "Ask east and west.").then()
                .body("messages[1].status", equalTo("success"))
                .body("messages[1].tool_return", equalTo("[{'agent_id': '" + x + "', 'response': ['here is " + x + "']}, "
                        + "{'agent_id': '" + y + "', 'response': ['here is " + y + "']}]"));
        assertEquals(asked(sender, "status?"), historyOf(x).get(1).get("content"));
        assertTrue(runsOf(notInTeam).isEmpty());
        assertTrue(runsOf(neither).isEmpty());

        // an empty match_some asks every agent with the match_all tags
        send(sender, "Ask all of the team.").then()
                .body("messages[1].tool_return", equalTo("[{'agent_id': '" + x + "', 'response': ['here is " + x + "']}, "
                        + "{'agent_id': '" + y + "', 'response': ['here is " + y + "']}, "
                        + "{'agent_id': '" + neither + "', 'response': ['here is " + neither + "']}]"));
        assertTrue(runsOf(notInTeam).isEmpty());
        List<Map<String, Object>> senderRuns = runsOf(sender);
        assertEquals(2, senderRuns.size(), "the sender got no message of its own: its two runs are the client's");
        assertTrue(senderRuns.stream().allMatch(r -> ((Map<?, ?>) r.get("metadata")).get("caller_agent_ids") == null));
    }

    @Test
    void no_agent_matches_gives_an_empty_list() {
        String sender = agent();
        scripts.put(sender, calls(TAGS, "{\"message\": \"hi\", \"match_all\": [\"nobody-" + UUID.randomUUID() + "\"], \"match_some\": []}",
                "nobody"));
        send(sender, "Ask nobody.").then().body("messages[1].status", equalTo("success")).body("messages[1].tool_return", equalTo("[]"));
    }

    @Test
    void a_call_back_to_an_agent_that_waits_up_the_chain_is_refused_naming_the_cycle() {
        String a = agent();
        String b = agent();
        scripts.put(a, calls(WAIT, args("What do you think?", b), "B answered."));
        scripts.put(b, calls(WAIT, args("What do you think, A?", a), "I could not ask A."));

        send(a, "Ask B.").then()
                .body("messages[1].status", equalTo("success"))
                .body("messages[1].tool_return", equalTo("{'agent_id': '" + b + "', 'response': ['I could not ask A.']}"));
        List<Map<String, Object>> bHistory = historyOf(b);
        Map<String, Object> refused = bHistory.stream().filter(m -> "tool_return_message".equals(m.get("message_type"))).findFirst().orElseThrow();
        assertEquals("error", refused.get("status"));
        assertEquals("Error executing function " + WAIT + ": ValueError: agent " + a + " is already in this chain of agent calls ("
                + a + " -> " + b + " -> " + a + "); waiting for it could wait forever, as it may itself be waiting for this reply",
                refused.get("tool_return"));
        assertEquals(1, runsOf(a).size(), "A got no second run");

        // an agent asking itself is the shortest cycle
        String self = agent();
        scripts.put(self, calls(WAIT, args("me?", self), "no"));
        send(self, "Ask yourself.").then().body("messages[1].status", equalTo("error"))
                .body("messages[1].tool_return", org.hamcrest.Matchers.containsString("(" + self + " -> " + self + ")"));
        assertEquals(1, runsOf(self).size());
    }

    @Test
    void a_chain_deeper_than_the_limit_is_refused() {
        List<String> chain = List.of(agent(), agent(), agent(), agent(), agent());
        for (int i = 0; i < chain.size() - 1; i++) {
            scripts.put(chain.get(i), calls(WAIT, args("pass it on", chain.get(i + 1)), "relayed by " + i));
        }
        scripts.put(chain.getLast(), says("end of the line"));

        send(chain.getFirst(), "Start the relay.").then().body("messages[1].status", equalTo("success"))
                .body("messages[2].content", equalTo("relayed by 0"));
        // the fourth agent may not start a fourth level: its call is refused, and the fifth agent never runs
        String fourth = chain.get(3);
        Map<String, Object> refused = historyOf(fourth).stream().filter(m -> "tool_return_message".equals(m.get("message_type")))
                .findFirst().orElseThrow();
        assertEquals("error", refused.get("status"));
        assertEquals("Error executing function " + WAIT + ": RecursionError: agent calls may nest at most 3 deep, and this one would be 4 "
                + "deep (" + String.join(" -> ", chain) + ")", refused.get("tool_return"));
        assertTrue(runsOf(chain.getLast()).isEmpty());
        assertEquals(chain.subList(0, 3), ((Map<?, ?>) runsOf(fourth).getFirst().get("metadata")).get("caller_agent_ids"));
    }

    @Test
    void another_organizations_agent_and_an_unknown_id_are_not_found() {
        String a = agent();
        String foreign = Agents.ofAnotherOrganization();
        String unknown = "agent-" + UUID.randomUUID();
        for (String tool : List.of(WAIT, ASYNC)) {
            for (String target : List.of(foreign, unknown)) {
                scripts.put(a, calls(tool, args("hello", target), "not there"));
                send(a, "Message it.").then()
                        .body("messages[1].status", equalTo("error"))
                        .body("messages[1].tool_return", equalTo("Error executing function " + tool + ": NotFoundError: Agent with id "
                                + target + " not found"));
            }
        }
        assertTrue(runsOf(foreign).isEmpty());
        assertTrue(requestsOf(foreign).isEmpty(), "the other organization's agent never ran");
        given().queryParam("agent_id", unknown).get("/v1/runs").then().body("$", empty());
    }

    @Test
    void a_nested_run_resumed_after_a_crash_keeps_its_chain_of_callers() throws Exception {
        String agent = agent();
        String next = agent();
        List<String> callers = List.of("agent-" + UUID.randomUUID(), "agent-" + UUID.randomUUID(), "agent-" + UUID.randomUUID());
        scripts.put(agent, calls(WAIT, args("pass it on", next), "could not"));
        // a nested run, three calls deep, left behind by a replica that died before its first step
        String run = "run-" + UUID.randomUUID();
        String metadata = "{\"run_type\": \"agent_send_message_to_agent\", \"caller_agent_ids\": [\"" + String.join("\", \"", callers) + "\"]}";
        try (var c = java.sql.DriverManager.getConnection(Suite.get().database.quarkusDatasourceProperties().get("quarkus.datasource.jdbc.url"),
                "postgres", "postgres");
             var st = c.prepareStatement("INSERT INTO agent.runs (id, organization_id, agent_id, status, background, metadata, request_config, "
                     + "request, actor_id, created_at) VALUES (?, ?, ?, 'running', false, ?, '{}', ?, "
                     + "'user-00000000-0000-4000-8000-000000000000', now() - interval '1 minute')")) {
            st.setString(1, run);
            st.setString(2, "org-00000000-0000-4000-8000-000000000000");
            st.setString(3, agent);
            st.setString(4, metadata);
            st.setString(5, "{\"messages\": [{\"role\": \"system\", \"content\": \"" + asked(callers.getLast(), "pass it on") + "\"}]}");
            st.executeUpdate();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        String status = "running";
        while (System.nanoTime() < deadline && ("running".equals(status) || "created".equals(status))) {
            Thread.sleep(200);
            status = given().get("/v1/runs/{id}", run).then().extract().path("status");
        }
        assertEquals("completed", status);
        // the resumed run still knows it is three calls deep: a fourth level is refused
        given().get("/v1/runs/{id}/messages", run).then()
                .body("find { it.message_type == 'tool_return_message' }.status", equalTo("error"))
                .body("find { it.message_type == 'tool_return_message' }.tool_return", equalTo("Error executing function " + WAIT
                        + ": RecursionError: agent calls may nest at most 3 deep, and this one would be 4 deep ("
                        + String.join(" -> ", callers) + " -> " + agent + " -> " + next + ")"));
        assertTrue(runsOf(next).isEmpty());
    }

    private static void awaitStatus(String agent, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> runs = runsOf(agent);
            if (!runs.isEmpty() && status.equals(runs.getFirst().get("status"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the run of " + agent + " did not become " + status + ": " + runsOf(agent));
    }

    private static void awaitRuns(String agent, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> runs = runsOf(agent);
            if (runs.size() >= count && runs.stream().allMatch(r -> "completed".equals(r.get("status")))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("agent " + agent + " did not complete " + count + " runs: " + runsOf(agent));
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

}
