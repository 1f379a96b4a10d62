package dev.engram.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.llm.ScriptedLlmServer;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * letta-code, Letta's CLI agent, against the suite (the scripted LLM behind it), in its headless mode: it creates
 * its agent and a conversation, holds a turn through a background stream, runs a client-side tool through the
 * approval round trip (the file it writes is really written), and the turn shows in the agent's history.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LettaCodeIT {

    private static final String PATCH = "*** Begin Patch\\n*** Add File: proof.txt\\n+written by letta-code through Engram\\n*** End Patch";

    private static ScriptedOpenAiServer llm;
    private static Engram engram;
    private static Path work;
    private static Path home;
    private static String agentId;

    @BeforeAll
    static void up() throws Exception {
        LettaCode.install();
        llm = new ScriptedOpenAiServer();
        engram = Engram.upWith("letta-code", llm, Map.of());
        work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "letta-code-work");
        home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "letta-code-home");
    }

    @AfterAll
    static void down() throws Exception {
        Engram.stop(engram, llm);
    }

    /** The result object {@code --output-format json} prints last (pretty-printed, after any warnings). */
    private static JsonNode result(LettaCode.Output out) throws Exception {
        String text = out.out();
        int start = text.lastIndexOf("\n{\n");
        start = start < 0 ? (text.startsWith("{") ? 0 : -1) : start + 1;
        if (start >= 0) {
            JsonNode n = Engram.JSON.readTree(text.substring(start));
            if ("result".equals(n.path("type").asText())) {
                return n;
            }
        }
        throw new AssertionError("letta-code printed no result (exit " + out.code() + "):\n" + text);
    }

    @Test
    @Order(1)
    void a_headless_turn_runs_a_client_side_tool_through_the_approval_round_trip() throws Exception {
        llm.enqueue(ScriptedReply.toolCalls(call("call_patch", "ApplyPatch", "{\"input\": \"" + PATCH + "\"}")),
                ScriptedReply.text("I wrote proof.txt."));
        LettaCode.Output out = LettaCode.run(engram.baseUrl(), work, home, List.of("-p", "Write proof.txt saying who wrote it.",
                "--output-format", "json", "-m", "openai/gpt-4o-mini", "--reflection-trigger", "off"));
        JsonNode result = result(out);
        assertEquals(0, out.code(), out.out());
        assertEquals("success", result.path("subtype").asText(), result.toPrettyString());
        assertTrue(result.path("result").asText().contains("I wrote proof.txt."), result.toPrettyString());

        // the client really ran its tool: the file is there
        Path proof = work.resolve("proof.txt");
        assertTrue(Files.exists(proof), "letta-code did not apply the patch:\n" + out.out());
        assertEquals("written by letta-code through Engram", Files.readString(proof).strip());

        // the model was offered letta-code's tools, and its second call saw the tool's result
        List<ScriptedLlmServer.Received> calls = llm.requests();
        assertEquals(2, calls.size(), "two model calls: the tool call and the reply");
        assertTrue(calls.getFirst().body().path("tools").toString().contains("\"ApplyPatch\""));
        String secondMessages = calls.get(1).body().path("messages").toString();
        assertTrue(secondMessages.contains("\"tool_call_id\":\"call_patch\""), secondMessages);

        agentId = result.path("agent_id").asText();
        String conversation = result.path("conversation_id").asText();
        assertTrue(agentId.startsWith("agent-") && conversation.startsWith("conv-"), result.toPrettyString());
        JsonNode history = engram.json(engram.get("/v1/conversations/" + conversation + "/messages?order=asc&limit=100"));
        List<String> types = new ArrayList<>();
        history.forEach(m -> types.add(m.path("message_type").asText()));
        assertTrue(types.containsAll(List.of("user_message", "approval_request_message", "approval_response_message",
                "tool_return_message", "assistant_message")), types.toString());
        JsonNode run = engram.json(engram.get("/v1/runs/?agent_id=" + agentId + "&limit=10"));
        assertTrue(run.size() >= 2, run.toPrettyString());
        run.forEach(r -> assertTrue(r.path("background").asBoolean(), "letta-code's turns are background runs: " + r));
    }

    @Test
    @Order(2)
    void a_second_run_resumes_the_same_agent_in_a_new_conversation() throws Exception {
        llm.enqueue(ScriptedReply.text("Welcome back."));
        LettaCode.Output out = LettaCode.run(engram.baseUrl(), work, home, List.of("-p", "hello again", "--output-format", "json",
                "--agent", agentId, "-m", "openai/gpt-4o-mini", "--reflection-trigger", "off"));
        JsonNode result = result(out);
        assertEquals(0, out.code(), out.out());
        assertEquals(agentId, result.path("agent_id").asText());
        assertTrue(result.path("result").asText().contains("Welcome back."), result.toPrettyString());
    }
}
