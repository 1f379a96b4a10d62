package dev.engram.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ADE in real headless Chromium ({@code src/test/js/ade.mjs}: Debian's chromium driven by playwright-core) against
 * the suite started by {@code ./engram up} with the scripted LLM: create an agent, see the memory tool call in the
 * chat trace, see the block change live when the agent edits it again (no reload), an over-limit inline edit refused
 * with the server's 422 and a good one saved, archival insert and search with scores, a tool call that needs approval
 * approved from the trace, the page at phone width, the agent exported as an Agent File and imported again. A second
 * scenario ({@code ade-more.mjs}): agents found by tag, conversations as tabs each showing its own messages, an approval
 * denied from the trace, a custom Python tool run from the Tools view, the context bar against {@code /context}, and
 * the runs view with each step's tokens, times and provider trace. The ADE with auth on is {@link AdeAuthIT}. Screenshots are kept in {@code target/ade-screenshots}.
 */
class AdeIT {

    private static ScriptedOpenAiServer llm;
    private static Engram engram;

    @BeforeAll
    static void up() throws Exception {
        NodeScripts.install();
        llm = new ScriptedOpenAiServer();
        engram = Engram.upWith("ade", llm, Map.of());
    }

    @AfterAll
    static void down() throws Exception {
        Engram.stop(engram, llm);
    }

    @Test
    void the_ade_shows_the_trace_and_live_memory_and_edits_blocks_and_searches_archival_memory() throws Exception {
        llm.enqueue(
                ScriptedReply.toolCalls(call("call_ade_1", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Likes green tea.\"}")),
                ScriptedReply.text("Noted: green tea."),
                ScriptedReply.toolCalls(call("call_ade_2", "memory_replace",
                        "{\"label\": \"human\", \"old_string\": \"green tea\", \"new_string\": \"black tea\"}")),
                ScriptedReply.text("Black tea it is."),
                ScriptedReply.toolCalls(call("call_ade_3", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Meets on Tuesdays.\"}")),
                ScriptedReply.text("Saved after your approval."));
        Path shots = Path.of("target", "ade-screenshots").toAbsolutePath();
        JsonNode result = NodeScripts.run(engram.baseUrl(), "ade.mjs", shots.toString());

        assertTrue(result.path("agent_id").asText().startsWith("agent-"), result.toPrettyString());
        assertEquals("The agent finished its turn.", result.path("stop").asText());
        String copy = result.path("copy_id").asText();
        assertTrue(copy.startsWith("agent-") && !copy.equals(result.path("agent_id").asText()), result.toPrettyString());
        assertEquals("ade-e2e_copy", engram.json(engram.get("/v1/agents/" + copy)).path("name").asText());
        assertTrue(result.path("refusal").asText().contains("Exceeds 60 character limit (requested 80)"), result.toPrettyString());
        assertTrue(result.path("score").asText().startsWith("score "), result.toPrettyString());
        for (String name : new String[] {"chat-1280", "memory-1280", "memory-422-1280", "archival-1280", "context-1280", "approval-1280", "chat-390"}) {
            Path png = shots.resolve(name + ".png");
            assertTrue(Files.size(png) > 10_000, png + " is missing or empty");
        }
        String block = engram.json(engram.get("/v1/agents/" + result.path("agent_id").asText() + "/core-memory/blocks/human"))
                .path("value").asText();
        assertTrue(block.contains("Likes black tea.") && block.contains("Meets on Tuesdays."), block);
    }

    @Test
    void the_ade_finds_agents_by_tag_keeps_conversations_apart_denies_a_call_runs_a_custom_tool_and_shows_context_and_runs()
            throws Exception {
        llm.enqueue(
                ScriptedReply.text("Main thread reply.").withUsage(120, 8),
                ScriptedReply.text("Side conversation reply.").withUsage(130, 9),
                ScriptedReply.toolCalls(call("call_more_deny", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Birthday in May.\"}")),
                ScriptedReply.text("Understood, I will not save it."));
        Path shots = Path.of("target", "ade-screenshots").toAbsolutePath();
        JsonNode r = NodeScripts.run(engram.baseUrl(), "ade-more.mjs", shots.toString());
        String agent = r.path("agent_id").asText();

        assertTrue(r.path("listed").toString().contains("\"ade-more\"") && !r.path("listed").toString().contains("ade-more-other"),
                r.toPrettyString());
        JsonNode shown = r.path("conversation_messages");
        assertTrue(shown.size() == 1 && shown.get(0).asText().contains("Hello in a side conversation."), r.toPrettyString());
        JsonNode side = engram.json(engram.get("/v1/conversations/" + r.path("conversation_id").asText() + "/messages"));
        assertTrue(side.toString().contains("Side conversation reply.") && !side.toString().contains("Main thread reply."), side.toPrettyString());
        assertTrue(r.path("denial").asText().contains("memory_insert") && r.path("denial").asText().contains("Not in memory, please."),
                r.toPrettyString());
        assertEquals("The agent finished its turn.", r.path("stop").asText());
        assertTrue(!engram.json(engram.get("/v1/agents/" + agent + "/core-memory/blocks/human")).path("value").asText().contains("May"),
                "the denied edit was made");
        assertTrue(r.path("tool_return").asText().contains("4 words"), r.toPrettyString());
        JsonNode context = engram.json(engram.get("/v1/agents/" + agent + "/context"));
        assertEquals(context.path("context_window_size_max").asInt(), r.path("context_max").asInt(), r.toPrettyString());
        assertTrue(r.path("context_used").asInt() > 0, r.toPrettyString());
        assertTrue(r.path("run_count").asInt() >= 3, r.toPrettyString());
        assertTrue(r.path("step_total").asInt() > 0, r.toPrettyString());
        assertTrue(r.path("step_time").asText().matches("[0-9.]+ ms"), r.path("step_time").asText());
        // the trace the page shows is the step's: the request it sent the model (system message first) and the answer
        assertEquals("system", r.path("trace_request").path("messages").get(0).path("role").asText(), r.path("trace_request").toString());
        assertTrue(r.path("trace_response").path("choices").get(0).has("message"), r.path("trace_response").toString());
        for (String name : new String[] {"conversation-1280", "deny-1280", "tool-run-1280", "context-bar-1280", "runs-1280"}) {
            Path png = shots.resolve(name + ".png");
            assertTrue(Files.size(png) > 10_000, png + " is missing or empty");
        }
    }
}
