package dev.engram.agent.tool.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** web_search and fetch_webpage as Letta's clients use them: seeded by name, attached at creation, run by the loop. */
@QuarkusTest
@QuarkusTestResource(value = WebToolsResource.class, restrictToAnnotatedClass = true)
class WebToolsApiTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    private static String agentWith(String... tools) {
        Map<String, Object> body = Agents.quickStart();
        body.put("tools", List.of(tools));
        return Agents.create(body);
    }

    private static String pagesUrl() {
        return ConfigProvider.getConfig().getValue(WebToolsResource.PAGES_URL, String.class);
    }

    @Test
    void both_tools_are_seeded_as_letta_builtin_tools_with_lettas_parameters() {
        given().queryParam("name", "web_search").get("/v1/tools/").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].tool_type", equalTo("letta_builtin"))
                .body("[0].json_schema.name", equalTo("web_search"))
                .body("[0].json_schema.parameters.required", contains("query"))
                .body("[0].json_schema.parameters.properties.num_results.type", equalTo("integer"))
                .body("[0].json_schema.parameters.properties.include_text.type", equalTo("boolean"));
        given().queryParam("name", "fetch_webpage").get("/v1/tools/").then().statusCode(200)
                .body("[0].tool_type", equalTo("letta_builtin"))
                .body("[0].json_schema.parameters.required", contains("url"))
                .body("[0].return_char_limit", equalTo(50_000));
    }

    @Test
    void an_agent_created_with_web_search_searches_in_its_loop_and_the_model_reads_the_results() {
        String agent = agentWith("web_search");
        llm.enqueue(
                ScriptedReply.toolCalls(call("call_ws", "web_search", "{\"query\": \"sea otters\", \"num_results\": 2}")),
                ScriptedReply.text("Otters use rocks."));
        Agents.send(agent, "What do sea otters do?").statusCode(200)
                .body("messages.message_type", contains("tool_call_message", "tool_return_message", "assistant_message"))
                .body("messages[0].tool_call.name", equalTo("web_search"))
                .body("messages[1].status", equalTo("success"))
                .body("messages[1].tool_return", containsString("Result 2 for sea otters"))
                .body("messages[1].stderr", nullValue())
                .body("stop_reason.stop_reason", equalTo("end_turn"));

        JsonNode first = llm.requests().getFirst().body();
        assertTrue(first.path("tools").findValuesAsText("name").contains("web_search"), first.path("tools").toString());
        JsonNode toolMessage = llm.lastRequest().body().path("messages").get(3);
        assertEquals("tool", toolMessage.path("role").asText());
        String content = toolMessage.path("content").asText();
        assertTrue(content.startsWith("{\"status\": \"OK\""), content);
        assertTrue(content.contains("Result 1 for sea otters") && content.contains("Highlight 2.") && !content.contains("Result 3"), content);
    }

    @Test
    void fetch_webpage_runs_for_a_client_and_refuses_a_private_address_as_an_error_result() {
        String agent = agentWith("fetch_webpage");
        given().contentType(ContentType.JSON).body(Map.of("args", Map.of("url", pagesUrl() + "/otters")))
                .post("/v1/agents/{id}/tools/fetch_webpage/run", agent).then().statusCode(200)
                .body("status", equalTo("success"))
                .body("func_return", equalTo("# Sea otters\n\nSea otters use rocks to open shells."));
        given().contentType(ContentType.JSON).body(Map.of("args", Map.of("url", "http://10.0.0.1/admin")))
                .post("/v1/agents/{id}/tools/fetch_webpage/run", agent).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("func_return", nullValue())
                .body("stderr[0]", startsWith("Error executing function fetch_webpage: ValueError: refused to fetch http://10.0.0.1/admin: "
                        + "10.0.0.1, a private address (RFC 1918)"));
    }

    @Test
    void fetch_webpage_in_the_loop_gives_the_model_the_page_text() {
        String agent = agentWith("fetch_webpage");
        llm.enqueue(
                ScriptedReply.toolCalls(call("call_fw", "fetch_webpage", "{\"url\": \"" + pagesUrl() + "/otters\"}")),
                ScriptedReply.text("They use rocks."));
        Agents.send(agent, "Read the otter page").statusCode(200)
                .body("messages[1].status", equalTo("success"))
                .body("messages[1].tool_return", containsString("Sea otters use rocks to open shells."));
    }
}
