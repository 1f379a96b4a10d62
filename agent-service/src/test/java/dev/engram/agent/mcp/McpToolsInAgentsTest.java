package dev.engram.agent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.McpTestServers;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.engram.agent.mcp.McpServersApiTest.httpConfig;
import static dev.engram.agent.mcp.McpServersApiTest.register;
import static dev.engram.agent.mcp.McpServersApiTest.toolId;
import static dev.engram.agent.mcp.McpServersApiTest.unique;
import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MCP tools attached to agents: the model calls them in a step, failures come back to it and the step goes on. */
@QuarkusTest
class McpToolsInAgentsTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;
    private final McpTestServers mcp = McpTestServers.get();

    @BeforeEach
    void reset() {
        llm.reset();
    }

    /** An agent with the server's tool attached by id. */
    private static String agentWith(String server, String tool) {
        String agent = Agents.create();
        given().patch("/v1/agents/{a}/tools/attach/{t}", agent, toolId(server, tool)).then().statusCode(200)
                .body("tools.name", hasItem(tool));
        return agent;
    }

    @Test
    void the_model_calls_an_mcp_tool_and_its_answer_is_in_the_trace() {
        String server = register(unique("loop"), "streamable_http", mcp.streamableUrl());
        String agent = agentWith(server, "get-sum");
        llm.enqueue(ScriptedReply.toolCalls(call("call_sum", "get-sum", "{\"a\": 19, \"b\": 23}")), ScriptedReply.text("It is 42."));
        Agents.send(agent, "What is 19 + 23?").statusCode(200)
                .body("messages.message_type", contains("tool_call_message", "tool_return_message", "assistant_message"))
                .body("messages[0].tool_call.name", equalTo("get-sum"))
                .body("messages[1].status", equalTo("success"))
                .body("messages[1].tool_return", equalTo("The sum of 19 and 23 is 42."))
                .body("messages[2].content", equalTo("It is 42."));

        JsonNode offered = null;
        for (JsonNode t : llm.requests().getFirst().body().path("tools")) {
            if ("get-sum".equals(t.path("function").path("name").asText())) {
                offered = t.path("function");
            }
        }
        assertTrue(offered != null, "the MCP tool is offered to the model");
        assertEquals("number", offered.path("parameters").path("properties").path("a").path("type").asText(), offered.toString());
        JsonNode toolMessage = llm.lastRequest().body().path("messages").get(3);
        assertEquals("tool", toolMessage.path("role").asText());
        assertTrue(toolMessage.path("content").asText().contains("The sum of 19 and 23 is 42."), toolMessage.toString());
    }

    @Test
    void the_server_s_error_answer_goes_back_to_the_model_as_it_is() {
        String server = register(unique("loop-err"), "sse", mcp.sseUrl());
        String agent = agentWith(server, "echo");
        llm.enqueue(ScriptedReply.toolCalls(call("call_echo", "echo", "{}")), ScriptedReply.text("The echo failed."));
        Agents.send(agent, "Echo nothing.").statusCode(200)
                .body("messages[1].status", equalTo("error"))
                .body("messages[1].tool_return", containsString("Input validation error"))
                .body("messages[1].tool_return", org.hamcrest.Matchers.not(startsWith("Error executing function")))
                .body("messages[2].content", equalTo("The echo failed."))
                .body("stop_reason.stop_reason", equalTo("end_turn"));
    }

    @Test
    void an_unreachable_server_is_an_error_return_and_the_step_goes_on() {
        String name = unique("loop-down");
        String server = register(name, "streamable_http", mcp.streamableUrl());
        String agent = agentWith(server, "echo");
        String dead = McpTestServers.deadUrl();
        given().contentType(ContentType.JSON).body(Map.of("config", httpConfig("streamable_http", dead)))
                .patch("/v1/mcp-servers/{id}", server).then().statusCode(200);
        llm.enqueue(ScriptedReply.toolCalls(call("call_echo", "echo", "{\"message\": \"hi\"}")), ScriptedReply.text("The tool is down."));
        Agents.send(agent, "Echo hi.").statusCode(200)
                .body("messages[1].status", equalTo("error"))
                .body("messages[1].tool_return", equalTo("Error executing function echo: LettaMCPConnectionError: Failed to connect to "
                        + "MCP server '" + name + "' at " + dead + ": connection refused"))
                .body("messages[2].content", equalTo("The tool is down."));
    }

    @Test
    void a_tool_that_does_not_answer_in_time_is_an_error_return() {
        String server = register(unique("loop-slow"), "streamable_http", mcp.streamableUrl());
        String agent = agentWith(server, "trigger-long-running-operation");
        llm.enqueue(ScriptedReply.toolCalls(call("call_slow", "trigger-long-running-operation", "{\"duration\": 30, \"steps\": 1}")),
                ScriptedReply.text("Too slow."));
        Agents.send(agent, "Run the long operation.").statusCode(200)
                .body("messages[1].status", equalTo("error"))
                .body("messages[1].tool_return", startsWith("Error executing function trigger-long-running-operation: LettaMCPTimeoutError: "))
                .body("messages[1].tool_return", containsString("did not answer within 4 s"))
                .body("messages[2].content", equalTo("Too slow."));
    }

    @Test
    void the_agent_s_tool_run_route_runs_an_mcp_tool_too() {
        String server = register(unique("direct"), "sse", mcp.sseUrl());
        String agent = agentWith(server, "echo");
        given().contentType(ContentType.JSON).body(Map.of("args", Map.of("message", "direct")))
                .post("/v1/agents/{id}/tools/{tool}/run", agent, "echo").then().statusCode(200)
                .body("status", equalTo("success")).body("func_return", equalTo("Echo: direct"));
    }

    @Test
    void an_mcp_tool_attaches_by_name_when_the_agent_is_created() {
        String server = register(unique("by-name"), "streamable_http", mcp.streamableUrl());
        Map<String, Object> body = new java.util.HashMap<>(Agents.quickStart());
        body.put("tools", java.util.List.of("get-sum"));
        String agent = Agents.create(body);
        given().get("/v1/agents/{a}/tools", agent).then().statusCode(200).body("id", hasItem(toolId(server, "get-sum")));
    }
}
