package dev.engram.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.llm.ScriptedLlmServer;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tools platform through the official Letta TypeScript client (src/test/js/tools.mjs) against the suite started
 * by {@code ./engram up}: built-in run_code (sandboxed Python) and web_search (Exa, here a scripted stand-in on
 * loopback), a custom tool created from Python source, and a tool of an MCP server, each called by the scripted model.
 */
class ToolsClientIT {

    private static final String EXA_KEY = "exa-test-key";

    private static ScriptedOpenAiServer llm;
    private static ScriptedExaServer exa;
    private static McpEverythingServer mcp;
    private static Engram engram;

    @BeforeAll
    static void up() throws Exception {
        NodeScripts.install();
        llm = new ScriptedOpenAiServer();
        exa = new ScriptedExaServer(EXA_KEY);
        mcp = McpEverythingServer.start();
        engram = Engram.upWith("tools", llm, Map.of("EXA_API_KEY", EXA_KEY, "EXA_BASE_URL", exa.baseUrl()));
    }

    @AfterAll
    static void down() throws Exception {
        try {
            Engram.stop(engram, llm);
        } finally {
            if (exa != null) {
                exa.close();
            }
            if (mcp != null) {
                mcp.close();
            }
        }
    }

    @BeforeEach
    void reset() {
        llm.reset();
    }

    @Test
    void the_readme_agent_gets_web_search_and_run_code_and_both_answer_the_model() throws Exception {
        llm.enqueue(
                ScriptedReply.toolCalls(call("call_code", "run_code", "{\"language\": \"python\", \"code\": \"print(6*7)\"}")),
                ScriptedReply.text("6 times 7 is 42."),
                ScriptedReply.toolCalls(call("call_search", "web_search", "{\"query\": \"sea otters\", \"num_results\": 1}")),
                ScriptedReply.text("Sea otters hold hands while they sleep."));

        JsonNode r = NodeScripts.run(engram.baseUrl(), "tools.mjs", "builtins");

        for (String listing : List.of("agent_tools", "tools")) {
            List<String> names = texts(r.path(listing));
            assertTrue(names.containsAll(List.of("run_code", "web_search")), listing + ": " + names);
        }

        // run_code: the sandboxed Python printed 42
        JsonNode code = r.path("code").path("messages");
        assertEquals(List.of("tool_call_message", "tool_return_message", "assistant_message"), types(code));
        assertEquals("run_code", code.get(0).path("tool_call").path("name").asText());
        JsonNode codeReturn = code.get(1);
        assertEquals("call_code", codeReturn.path("tool_call_id").asText());
        assertEquals("success", codeReturn.path("status").asText(), codeReturn.toPrettyString());
        JsonNode ran = Engram.JSON.readTree(codeReturn.path("tool_return").asText());
        assertEquals(List.of("42\n"), texts(ran.path("logs").path("stdout")), ran.toPrettyString());
        assertEquals(List.of(), texts(ran.path("logs").path("stderr")), ran.toPrettyString());
        assertFalse(ran.has("error"), ran.toPrettyString());
        assertEquals("6 times 7 is 42.", code.get(2).path("content").asText());

        List<ScriptedLlmServer.Received> calls = llm.requests();
        List<String> offered = calls.getFirst().body().path("tools").findValuesAsText("name");
        assertTrue(offered.containsAll(List.of("run_code", "web_search")), offered.toString());
        assertTrue(toolMessage(calls.get(1).body(), "call_code").contains("42"), "the model is given run_code's output");

        // web_search: Exa was asked with the server's key, its hit came back in Letta's shape
        JsonNode search = r.path("search").path("messages");
        assertEquals(List.of("tool_call_message", "tool_return_message", "assistant_message"), types(search));
        JsonNode searchReturn = search.get(1);
        assertEquals("call_search", searchReturn.path("tool_call_id").asText());
        assertEquals("success", searchReturn.path("status").asText(), searchReturn.toPrettyString());
        JsonNode found = Engram.JSON.readTree(searchReturn.path("tool_return").asText());
        assertEquals("sea otters", found.path("query").asText());
        assertEquals(1, found.path("results").size(), found.toPrettyString());
        JsonNode hit = found.path("results").get(0);
        assertEquals("Why sea otters hold hands", hit.path("title").asText());
        assertEquals("https://example.com/otter-rafts", hit.path("url").asText());
        assertEquals("2025-02-03T00:00:00.000Z", hit.path("published_date").asText());
        assertEquals(List.of("Sea otters hold hands while they sleep so they do not drift apart."), texts(hit.path("highlights")));
        assertEquals("Otters float together in groups called rafts.", hit.path("summary").asText());
        assertFalse(hit.has("highlightScores"), "Exa's scores stay out: " + hit);

        List<ScriptedExaServer.Search> searches = exa.searches();
        assertEquals(1, searches.size());
        assertEquals(EXA_KEY, searches.getFirst().apiKey());
        assertEquals("sea otters", searches.getFirst().body().path("query").asText());
        assertEquals(1, searches.getFirst().body().path("numResults").asInt(), searches.getFirst().body().toString());
        assertTrue(toolMessage(llm.lastRequest().body(), "call_search").contains("Why sea otters hold hands"),
                "the model is given the search results");
    }

    @Test
    void a_python_tool_created_from_source_is_attached_and_its_sandboxed_result_is_in_the_response_and_history()
            throws Exception {
        llm.enqueue(ScriptedReply.toolCalls(call("call_roll", "roll", "{\"sides\": 20}")), ScriptedReply.text("You rolled it."));

        JsonNode r = NodeScripts.run(engram.baseUrl(), "tools.mjs", "custom");

        // the schema derived from the signature and docstring, as the client receives it
        JsonNode tool = r.path("tool");
        assertTrue(tool.path("id").asText().startsWith("tool-"), tool.toPrettyString());
        assertEquals("roll", tool.path("name").asText());
        assertEquals("custom", tool.path("tool_type").asText());
        JsonNode schema = tool.path("json_schema");
        assertEquals("roll", schema.path("name").asText(), schema.toPrettyString());
        assertEquals("Roll a die.", schema.path("description").asText(), schema.toPrettyString());
        assertEquals("integer", schema.path("parameters").path("properties").path("sides").path("type").asText(), schema.toPrettyString());
        assertEquals("how many sides", schema.path("parameters").path("properties").path("sides").path("description").asText());
        assertEquals(List.of("sides"), texts(schema.path("parameters").path("required")));
        assertTrue(texts(r.path("attached_tools")).contains("roll"), r.path("attached_tools").toString());

        String expected = "d20 rolled " + face(20);
        JsonNode messages = r.path("response").path("messages");
        assertEquals(List.of("tool_call_message", "tool_return_message", "assistant_message"), types(messages));
        assertEquals("{\"sides\": 20}", messages.get(0).path("tool_call").path("arguments").asText());
        JsonNode returned = messages.get(1);
        assertEquals("success", returned.path("status").asText(), returned.toPrettyString());
        assertEquals(expected, returned.path("tool_return").asText());
        assertEquals(List.of("rolling a d20\n"), texts(returned.path("stdout")), returned.toPrettyString());

        JsonNode stored = null;
        for (JsonNode m : r.path("history")) {
            if ("tool_return_message".equals(m.path("message_type").asText())) {
                stored = m;
            }
        }
        assertNotNull(stored, "the history holds the tool return: " + r.path("history").toPrettyString());
        assertEquals(returned.path("id").asText(), stored.path("id").asText());
        assertEquals("call_roll", stored.path("tool_call_id").asText());
        assertEquals("success", stored.path("status").asText());
        assertEquals(expected, stored.path("tool_return").asText());
        assertEquals(List.of("user_message", "tool_call_message", "tool_return_message", "assistant_message"),
                types(r.path("history")).stream().filter(t -> !t.equals("system_message")).toList());

        JsonNode offered = null;
        for (JsonNode t : llm.requests().getFirst().body().path("tools")) {
            if ("roll".equals(t.path("function").path("name").asText())) {
                offered = t.path("function");
            }
        }
        assertNotNull(offered, "roll is offered to the model");
        assertEquals("integer", offered.path("parameters").path("properties").path("sides").path("type").asText(), offered.toString());
        assertTrue(toolMessage(llm.lastRequest().body(), "call_roll").contains(expected), "the model is given the roll");
    }

    @Test
    void an_mcp_servers_echo_tool_is_attached_and_echoes_what_the_model_sent() throws Exception {
        llm.enqueue(ScriptedReply.toolCalls(call("call_echo", "echo", "{\"message\": \"otters hold hands\"}")),
                ScriptedReply.text("Echoed."));

        JsonNode r = NodeScripts.run(engram.baseUrl(), "tools.mjs", "mcp", mcp.url());

        assertTrue(r.path("server").path("id").asText().startsWith("mcp_server-"), r.path("server").toPrettyString());
        assertEquals("everything", r.path("server").path("server_name").asText());
        assertTrue(texts(r.path("tools")).containsAll(List.of("echo", "get-sum")), r.path("tools").toString());
        JsonNode echo = r.path("echo");
        assertTrue(echo.path("id").asText().startsWith("tool-"), echo.toPrettyString());
        assertEquals("external_mcp", echo.path("tool_type").asText(), echo.toPrettyString());
        assertEquals("string", echo.path("json_schema").path("parameters").path("properties").path("message").path("type").asText(),
                echo.toPrettyString());
        assertTrue(texts(r.path("attached_tools")).contains("echo"), r.path("attached_tools").toString());

        JsonNode messages = r.path("response").path("messages");
        assertEquals(List.of("tool_call_message", "tool_return_message", "assistant_message"), types(messages));
        assertEquals("echo", messages.get(0).path("tool_call").path("name").asText());
        JsonNode returned = messages.get(1);
        assertEquals("call_echo", returned.path("tool_call_id").asText());
        assertEquals("success", returned.path("status").asText(), returned.toPrettyString());
        assertEquals("Echo: otters hold hands", returned.path("tool_return").asText());
        assertEquals("Echoed.", messages.get(2).path("content").asText());
        assertTrue(toolMessage(llm.lastRequest().body(), "call_echo").contains("Echo: otters hold hands"), "the model is given the echo");
    }

    /** The face roll() computes: sha256 of the decimal sides, modulo sides, plus one. */
    private static int face(int sides) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.valueOf(sides).getBytes(StandardCharsets.UTF_8));
        return new BigInteger(1, digest).mod(BigInteger.valueOf(sides)).intValue() + 1;
    }

    /** The content of the tool message answering {@code toolCallId} in a request to the model. */
    private static String toolMessage(JsonNode request, String toolCallId) {
        for (JsonNode m : request.path("messages")) {
            if ("tool".equals(m.path("role").asText()) && toolCallId.equals(m.path("tool_call_id").asText())) {
                return m.path("content").asText();
            }
        }
        throw new AssertionError("no tool message for " + toolCallId + " in " + request.path("messages"));
    }

    private static List<String> types(JsonNode messages) {
        return messages.findValuesAsText("message_type");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
