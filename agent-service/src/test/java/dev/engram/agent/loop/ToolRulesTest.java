package dev.engram.agent.loop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Letta's nine tool rule types, enforced in the loop: what each step offers the model, what it must call, when the
 * turn ends, and that the rules go on holding when a turn resumes after an approval.
 */
@QuarkusTest
class ToolRulesTest {

    private static final List<String> TOOLS = List.of("conversation_search", "memory_insert", "memory_replace", "archival_memory_insert",
            "archival_memory_search");

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    private static String agentWith(List<Map<String, Object>> rules) {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("tools", TOOLS);
        body.put("tool_rules", rules);
        return Agents.create(body);
    }

    private static Map<String, Object> rule(String type, String tool, Object... extra) {
        Map<String, Object> r = new HashMap<>(Map.of("type", type, "tool_name", tool));
        for (int i = 0; i < extra.length; i += 2) {
            r.put((String) extra[i], extra[i + 1]);
        }
        return r;
    }

    private static List<String> offered(JsonNode request) {
        List<String> names = new ArrayList<>();
        request.path("tools").forEach(t -> names.add(t.path("function").path("name").asText()));
        return names;
    }

    private static final String INSERT = "{\"label\": \"human\", \"new_string\": \"x\"}";
    private static final String SEARCH = "{\"query\": \"tea\"}";

    @Test
    void run_first_offers_and_forces_only_the_first_tool() {
        String agent = agentWith(List.of(rule("run_first", "conversation_search")));
        llm.enqueue(ScriptedReply.toolCalls(call("c1", "conversation_search", SEARCH)), ScriptedReply.text("done"));
        Agents.send(agent, "hi").statusCode(200).body("stop_reason.stop_reason", equalTo("end_turn"));
        JsonNode first = llm.requests().get(0).body();
        assertEquals(List.of("conversation_search"), offered(first));
        assertEquals("conversation_search", first.path("tool_choice").path("function").path("name").asText(), first.path("tool_choice").toString());
        assertEquals(TOOLS.size(), offered(llm.requests().get(1).body()).size(), "after the first call every tool is back");
    }

    @Test
    void exit_loop_ends_the_turn_after_its_tool() {
        String agent = agentWith(List.of(rule("exit_loop", "memory_insert")));
        llm.enqueue(ScriptedReply.toolCalls(call("c1", "memory_insert", INSERT)));
        Agents.send(agent, "remember x").statusCode(200).body("stop_reason.stop_reason", equalTo("tool_rule"))
                .body("messages.message_type", org.hamcrest.Matchers.contains("tool_call_message", "tool_return_message"));
        assertEquals(1, llm.requests().size());
    }

    @Test
    void constrain_child_tools_offers_only_the_children_after_the_parent_and_requires_a_call() {
        String agent = agentWith(List.of(rule("constrain_child_tools", "conversation_search", "children", List.of("memory_insert"))));
        llm.enqueue(ScriptedReply.toolCalls(call("c1", "conversation_search", SEARCH)),
                ScriptedReply.toolCalls(call("c2", "memory_insert", INSERT)), ScriptedReply.text("ok"));
        Agents.send(agent, "go").statusCode(200).body("stop_reason.stop_reason", equalTo("end_turn"));
        JsonNode second = llm.requests().get(1).body();
        assertEquals(List.of("memory_insert"), offered(second));
        assertEquals("memory_insert", second.path("tool_choice").path("function").path("name").asText());
    }

    @Test
    void max_count_per_step_takes_a_tool_away_once_used_up() {
        String agent = agentWith(List.of(rule("max_count_per_step", "conversation_search", "max_count_limit", 2)));
        llm.enqueue(ScriptedReply.toolCalls(call("c1", "conversation_search", SEARCH)),
                ScriptedReply.toolCalls(call("c2", "conversation_search", SEARCH)),
                ScriptedReply.toolCalls(call("c3", "conversation_search", SEARCH)), ScriptedReply.text("ok"));
        Agents.send(agent, "search a lot").statusCode(200)
                .body("messages.findAll { it.message_type == 'tool_return_message' }.status",
                        org.hamcrest.Matchers.contains("success", "success", "error"))
                .body("messages.find { it.tool_call_id == 'c3' }.tool_return", startsWith("[ToolConstraintError] Cannot call conversation_search"));
        assertTrue(offered(llm.requests().get(1).body()).contains("conversation_search"), "one use left after the first");
        assertTrue(!offered(llm.requests().get(2).body()).contains("conversation_search"), "used up after two");
    }

    @Test
    void parent_last_tool_keeps_its_children_away_until_the_parent_ran() {
        String agent = agentWith(List.of(rule("parent_last_tool", "conversation_search", "children", List.of("archival_memory_insert"))));
        llm.enqueue(ScriptedReply.toolCalls(call("c1", "conversation_search", SEARCH)),
                ScriptedReply.toolCalls(call("c2", "archival_memory_insert", "{\"content\": \"tea\"}")), ScriptedReply.text("ok"));
        Agents.send(agent, "go").statusCode(200);
        assertTrue(!offered(llm.requests().get(0).body()).contains("archival_memory_insert"));
        assertEquals(List.of("archival_memory_insert"), offered(llm.requests().get(1).body()));
    }

    @Test
    void conditional_picks_the_next_tool_from_the_last_output() {
        String agent = agentWith(List.of(rule("conditional", "archival_memory_insert",
                "child_output_mapping", Map.of("None", "memory_insert"), "default_child", "conversation_search")));
        llm.enqueue(ScriptedReply.toolCalls(call("c1", "archival_memory_insert", "{\"content\": \"tea\"}")),
                ScriptedReply.toolCalls(call("c2", "memory_insert", INSERT)), ScriptedReply.text("ok"));
        Agents.send(agent, "go").statusCode(200);
        // archival_memory_insert answers None: the mapping sends the agent to memory_insert
        assertEquals(List.of("memory_insert"), offered(llm.requests().get(1).body()));
    }

    @Test
    void required_before_exit_keeps_the_turn_going_with_letta_s_reminder() {
        String agent = agentWith(List.of(rule("required_before_exit", "memory_insert")));
        llm.enqueue(ScriptedReply.text("bye"), ScriptedReply.toolCalls(call("c1", "memory_insert", INSERT)), ScriptedReply.text("bye now"));
        Agents.send(agent, "hi").statusCode(200).body("stop_reason.stop_reason", equalTo("end_turn"))
                .body("usage.step_count", equalTo(3));
        JsonNode second = llm.requests().get(1).body().path("messages");
        assertTrue(second.get(second.size() - 1).path("content").asText()
                .contains("ToolRuleViolated: You must call memory_insert at least once to exit the loop."), second.toString());
    }

    @Test
    void continue_loop_keeps_a_memgpt_turn_going_without_a_heartbeat() {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("agent_type", "memgpt_v2_agent");
        body.put("include_base_tool_rules", false);
        body.put("tool_rules", List.of(rule("continue_loop", "memory_insert")));
        String agent = Agents.create(body);
        llm.enqueue(ScriptedReply.toolCalls(call("c1", "memory_insert",
                        "{\"thinking\": \"t\", \"label\": \"human\", \"new_string\": \"x\", \"request_heartbeat\": false}")),
                ScriptedReply.toolCalls(call("c2", "send_message", "{\"thinking\": \"t\", \"message\": \"done\"}")));
        Agents.send(agent, "go").statusCode(200).body("stop_reason.stop_reason", equalTo("end_turn"));
        assertEquals(2, llm.requests().size());
        JsonNode second = llm.requests().get(1).body().path("messages");
        assertTrue(second.get(second.size() - 1).path("content").asText().contains("Continuing: continue tool rule."), second.toString());
    }

    @Test
    void memgpt_agents_get_lettas_base_rules_by_default() {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("agent_type", "memgpt_v2_agent");
        String agent = Agents.create(body);
        given().get("/v1/agents/{id}", agent).then()
                .body("tool_rules.find { it.tool_name == 'send_message' }.type", equalTo("exit_loop"))
                .body("tool_rules.find { it.tool_name == 'memory_insert' }.type", equalTo("continue_loop"));
        given().get("/v1/agents/{id}", Agents.create()).then().body("tool_rules", hasSize(0));
    }

    @Test
    void rules_are_rendered_into_the_system_prompt_and_counted_in_the_context() {
        String agent = agentWith(List.of(rule("constrain_child_tools", "conversation_search", "children", List.of("memory_insert")),
                rule("exit_loop", "memory_insert")));
        String system = given().get("/v1/agents/{id}/context", agent).then().statusCode(200)
                .body("num_tokens_tool_usage_rules", greaterThan(0))
                .body("tool_usage_rules", startsWith("<tool_usage_rules>")).extract().path("system_prompt");
        assertTrue(system.contains("</memory_blocks>\n\n<tool_usage_rules>\nThe following constraints define rules for tool usage"), system);
        assertTrue(system.contains("<tool_rule>\nAfter using conversation_search, you must use one of these tools: memory_insert\n</tool_rule>"), system);
        assertTrue(system.contains("<tool_rule>\nmemory_insert ends your response (yields control) when called\n</tool_rule>\n</tool_usage_rules>\n\n<memory_metadata>"),
                system);
        // changing the rules recompiles the prompt
        given().contentType(ContentType.JSON).body(Map.of("tool_rules", List.of())).patch("/v1/agents/{id}", agent).then().statusCode(200);
        String after = given().get("/v1/agents/{id}/context", agent).then().extract().path("system_prompt");
        assertTrue(!after.contains("<tool_usage_rules>"), after);
    }

    @Test
    void malformed_rules_are_422_naming_the_field() {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("tool_rules", List.of(rule("constrain_child_tools", "conversation_search")));
        given().contentType(ContentType.JSON).body(body).post("/v1/agents/").then().statusCode(422)
                .body("detail", startsWith("tool_rules[0].children:"));
        body.put("tool_rules", List.of(Map.of("type", "teleport", "tool_name", "x")));
        given().contentType(ContentType.JSON).body(body).post("/v1/agents/").then().statusCode(422)
                .body("detail", startsWith("tool_rules[0].type: Input should be one of"));
        body.put("tool_rules", List.of(rule("conditional", "x", "child_output_mapping", Map.of())));
        given().contentType(ContentType.JSON).body(body).post("/v1/agents/").then().statusCode(422)
                .body("detail", containsString("Conditional tool rule must have at least one child tool."));
        body.put("tool_rules", List.of(rule("max_count_per_step", "x", "max_count_limit", 0)));
        given().contentType(ContentType.JSON).body(body).post("/v1/agents/").then().statusCode(422)
                .body("detail", startsWith("tool_rules[0].max_count_limit:"));
    }

    @Test
    void the_rules_hold_when_a_turn_resumes_after_an_approval() {
        String agent = agentWith(List.of(rule("requires_approval", "conversation_search"),
                rule("constrain_child_tools", "conversation_search", "children", List.of("memory_insert"))));
        llm.enqueue(ScriptedReply.toolCalls(call("c1", "conversation_search", SEARCH)));
        Agents.send(agent, "look it up").statusCode(200).body("stop_reason.stop_reason", equalTo("requires_approval"));
        llm.enqueue(ScriptedReply.toolCalls(call("c2", "memory_insert", INSERT)), ScriptedReply.text("ok"));
        given().contentType(ContentType.JSON)
                .body(Map.of("messages", List.of(Map.of("type", "approval", "approvals",
                        List.of(Map.of("type", "approval", "tool_call_id", "c1", "approve", true))))))
                .post("/v1/agents/{id}/messages", agent).then().statusCode(200).body("stop_reason.stop_reason", equalTo("end_turn"));
        // the step after the approved call is still under its rule: only the child, and a call is required
        JsonNode resumed = llm.requests().get(1).body();
        assertEquals(List.of("memory_insert"), offered(resumed));
        assertEquals("memory_insert", resumed.path("tool_choice").path("function").path("name").asText());
    }
}
