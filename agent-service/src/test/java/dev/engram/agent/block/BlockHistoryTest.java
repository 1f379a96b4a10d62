package dev.engram.agent.block;

import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /v1/blocks/{block_id}/history}: every change with before and after, who, why and the tool call behind it. */
@QuarkusTest
class BlockHistoryTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    @Test
    void history_shows_an_agents_tool_edit_and_an_api_edit_with_before_after_and_tool_call() {
        String agent = Agents.create();
        String block = given().get("/v1/agents/{id}/core-memory/blocks/human", agent).then().statusCode(200).extract().path("id");
        llm.enqueue(ScriptedReply.toolCalls(call("call_hist_1", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Likes tea.\"}")),
                ScriptedReply.text("Noted."));
        Agents.send(agent, "I like tea").statusCode(200);
        String afterTool = Agents.blockValue(agent, "human");
        given().contentType(ContentType.JSON).body(Map.of("value", "Role: investor.")).patch("/v1/blocks/{id}", block).then().statusCode(200);

        JsonPath history = given().get("/v1/blocks/{id}/history", block).then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> entries = history.getList("$");
        assertTrue(entries.size() >= 2, entries.toString());
        Map<String, Object> tool = entries.stream().filter(e -> "call_hist_1".equals(e.get("tool_call_id"))).findFirst().orElseThrow();
        assertEquals("Role: founder. Prefers short answers.", tool.get("before"));
        assertEquals(afterTool, tool.get("after"));
        assertEquals(agent, tool.get("agent_id"));
        assertEquals(block, tool.get("block_id"));
        assertEquals("human", tool.get("label"));
        Map<String, Object> api = entries.getLast();
        assertEquals(afterTool, api.get("before"));
        assertEquals("Role: investor.", api.get("after"));
        assertNull(api.get("tool_call_id"));
        assertEquals("user-00000000-0000-4000-8000-000000000000", api.get("actor_id"));
        long toolVersion = ((Number) tool.get("version")).longValue();
        assertTrue(((Number) api.get("version")).longValue() > toolVersion);

        List<Object> later = given().queryParam("after_version", toolVersion).get("/v1/blocks/{id}/history", block)
                .then().statusCode(200).extract().jsonPath().getList("version");
        assertTrue(later.stream().allMatch(v -> ((Number) v).longValue() > toolVersion), later.toString());
        assertEquals(1, given().queryParam("limit", 1).get("/v1/blocks/{id}/history", block).then().statusCode(200)
                .extract().jsonPath().getList("$").size());
    }

    @Test
    void history_of_an_unknown_block_is_404_and_bad_parameters_are_named() {
        given().get("/v1/blocks/{id}/history", "block-00000000-0000-4000-8000-000000000000").then().statusCode(404);
        given().get("/v1/blocks/{id}/history", "nope").then().statusCode(422).body("detail", containsString("block_id"));
        String block = BlockApiTest.create("human", "x");
        given().queryParam("limit", 0).get("/v1/blocks/{id}/history", block).then().statusCode(422).body("detail", containsString("limit"));
    }
}
