package dev.engram.agent.agent;

import dev.engram.agent.support.Agents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code POST /v1/agents/{id}/tools/{name}/run}: an attached tool runs as the loop runs it, outside any run. */
@QuarkusTest
class ToolRunApiTest {

    private static io.restassured.response.ValidatableResponse run(String agent, String tool, Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/agents/{id}/tools/{tool}/run", agent, tool).then();
    }

    @Test
    void a_memory_tool_really_edits_memory_and_leaves_no_message_step_or_run() {
        String agent = Agents.create();
        run(agent, "memory_replace", Map.of("args", Map.of("label", "human", "old_string", "founder", "new_string", "CTO")))
                .statusCode(200)
                .body("status", equalTo("success"))
                .body("func_return", equalTo("Role: CTO. Prefers short answers."))
                .body("agent_state", nullValue())
                .body("stdout", nullValue())
                .body("stderr", nullValue())
                .body("sandbox_config_fingerprint", nullValue());
        assertEquals("Role: CTO. Prefers short answers.", Agents.blockValue(agent, "human"));
        given().get("/v1/agents/{id}/context", agent).then().body("system_prompt", containsString("Role: CTO."));
        given().get("/v1/agents/{id}/messages", agent).then().body("message_type", contains("system_message"));
        given().queryParam("agent_id", agent).get("/v1/runs/").then().statusCode(200).body("$", empty());
        given().queryParam("agent_id", agent).get("/v1/steps/").then().statusCode(200).body("$", empty());
    }

    @Test
    void a_tool_failure_is_status_error_with_the_error_in_stderr() {
        String agent = Agents.create();
        run(agent, "memory_replace", Map.of("args", Map.of("label", "human", "old_string", "not in the block", "new_string", "x")))
                .statusCode(200)
                .body("status", equalTo("error"))
                .body("func_return", nullValue())
                .body("stderr", hasSize(1))
                .body("stderr[0]", org.hamcrest.Matchers.startsWith("Error executing function memory_replace: ValueError: "));
        assertEquals("Role: founder. Prefers short answers.", Agents.blockValue(agent, "human"));
    }

    @Test
    void arguments_the_tool_cannot_take_are_its_error() {
        String agent = Agents.create();
        run(agent, "memory_replace", Map.of("args", Map.of("old_string", "founder", "new_string", "CTO"))).statusCode(200)
                .body("status", equalTo("error"))
                .body("stderr[0]", equalTo("Error executing function memory_replace: TypeError: memory_replace() missing 1 required "
                        + "positional argument: 'label'"));
        run(agent, "memory_replace", Map.of("args", "label=human")).statusCode(200)
                .body("status", equalTo("error"))
                .body("stderr[0]", equalTo("Error: the arguments of memory_replace are not a valid JSON object: \"label=human\""));
        assertEquals("Role: founder. Prefers short answers.", Agents.blockValue(agent, "human"));
    }

    @Test
    void without_a_body_the_tool_runs_without_arguments() {
        String agent = Agents.create();
        given().contentType(ContentType.JSON).post("/v1/agents/{id}/tools/{tool}/run", agent, "conversation_search").then()
                .statusCode(200).body("status", equalTo("success"));
        run(agent, "conversation_search", Map.of()).statusCode(200).body("status", equalTo("success"));
    }

    @Test
    void the_same_idempotency_key_applies_an_edit_once() {
        String agent = Agents.create();
        Map<String, Object> insert = Map.of("args", Map.of("label", "human", "new_string", "Likes tea."));
        String key = "stainless-node-retry-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(insert)
                    .post("/v1/agents/{id}/tools/memory_insert/run", agent).then().statusCode(200).body("status", equalTo("success"));
        }
        assertEquals(1, occurrences(Agents.blockValue(agent, "human"), "Likes tea."));
        run(agent, "memory_insert", insert).statusCode(200);
        assertEquals(2, occurrences(Agents.blockValue(agent, "human"), "Likes tea."), "without a key each call is its own edit");
    }

    @Test
    void a_tool_not_attached_to_the_agent_is_404_naming_both() {
        String agent = Agents.create();
        run(agent, "archival_memory_search", Map.of("args", Map.of("query", "x"))).statusCode(404)
                .body("detail", equalTo("Tool 'archival_memory_search' not found or not attached to agent '" + agent + "'"));
        run(agent, "no_such_tool", Map.of()).statusCode(404)
                .body("detail", equalTo("Tool 'no_such_tool' not found or not attached to agent '" + agent + "'"));
    }

    @Test
    void unknown_foreign_or_malformed_agents_and_bodies_outside_the_contract_are_refused() {
        run("agent-" + UUID.randomUUID(), "memory_replace", Map.of()).statusCode(404).body("detail", equalTo("Agent not found"));
        run(Agents.ofAnotherOrganization(), "memory_replace", Map.of()).statusCode(404).body("detail", equalTo("Agent not found"));
        run("agent-1", "memory_replace", Map.of()).statusCode(422).body("detail", org.hamcrest.Matchers.startsWith("agent_id: "));
        String agent = Agents.create();
        run(agent, "memory_replace", Map.of("arg", Map.of("label", "human"))).statusCode(422)
                .body("detail", equalTo("body.arg: Extra inputs are not permitted"));
        run(agent, "memory_replace", java.util.List.of()).statusCode(422).body("detail", equalTo("body: Input should be a valid dictionary"));
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
