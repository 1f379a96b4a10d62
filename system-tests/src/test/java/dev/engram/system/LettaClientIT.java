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

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Letta's quick start with the official TypeScript client ({@code @letta-ai/letta-client}, src/test/js) against the
 * suite started by {@code ./engram up}, every service pointed at the scripted OpenAI server: the agent stores what
 * it learns through a memory tool, and its memory, history and context survive {@code ./engram down && ./engram up}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LettaClientIT {

    private static final String FIRST = "I'm using Nuxt for my new project.";
    private static final String INSERTED = "Uses Nuxt for the new project.";
    private static final String REPLY = "Nuxt, nice choice.";

    private static ScriptedOpenAiServer llm;
    private static Engram engram;
    private static String agentId;
    private static JsonNode historyBefore;

    @BeforeAll
    static void up() throws Exception {
        NodeScripts.install();
        llm = new ScriptedOpenAiServer();
        engram = Engram.upWith("client", llm, Map.of());
    }

    @AfterAll
    static void down() throws Exception {
        Engram.stop(engram, llm);
    }

    @Test
    @Order(1)
    void quick_start_stores_what_the_user_said_in_the_human_block_through_a_memory_tool() throws Exception {
        llm.enqueue(
                ScriptedReply.toolCalls(call("call_nuxt", "memory_insert",
                        "{\"label\": \"human\", \"new_string\": \"" + INSERTED + "\"}")),
                ScriptedReply.text(REPLY));

        JsonNode result = NodeScripts.run(engram.baseUrl(), "quickstart.mjs", "first");
        agentId = result.path("agent").path("id").asText();
        assertTrue(agentId.startsWith("agent-"), result.toPrettyString());
        assertEquals(List.of("human", "persona"), sorted(result.path("agent").path("blocks").findValuesAsText("label")));
        assertEquals("openai/text-embedding-3-small", result.path("agent").path("embedding").asText());

        JsonNode messages = result.path("response").path("messages");
        assertEquals(List.of("tool_call_message", "tool_return_message", "assistant_message"), types(messages));
        assertEquals("memory_insert", messages.get(0).path("tool_call").path("name").asText());
        assertEquals("call_nuxt", messages.get(0).path("tool_call").path("tool_call_id").asText());
        assertEquals("call_nuxt", messages.get(1).path("tool_call_id").asText());
        assertEquals("success", messages.get(1).path("status").asText());
        assertTrue(messages.get(1).path("tool_return").asText().contains("Nuxt"), messages.get(1).toPrettyString());
        assertEquals(REPLY, messages.get(2).path("content").asText());
        assertEquals("end_turn", result.path("response").path("stop_reason").path("stop_reason").asText());
        assertEquals(2, result.path("response").path("usage").path("step_count").asInt());

        String human = result.path("human").path("value").asText();
        assertTrue(human.startsWith("Role: founder. Prefers short answers."), human);
        assertTrue(human.contains("Nuxt"), human);

        List<ScriptedLlmServer.Received> calls = llm.requests();
        assertEquals(2, calls.size());
        assertEquals("gpt-4o-mini", calls.get(0).body().path("model").asText());
        assertTrue(system(calls.get(1).body()).contains(INSERTED), "the edit is in the next step's system prompt");

        // each step's times and what it sent its model and got back, read through the client
        JsonNode observed = result.path("observed");
        JsonNode metrics = observed.path("metrics");
        assertEquals(2, metrics.size(), observed.toPrettyString());
        for (JsonNode m : metrics) {
            assertEquals(observed.path("run_id").asText(), m.path("run_id").asText());
            assertTrue(m.path("step_start_ns").asLong() > 0 && m.path("llm_request_ns").asLong() > 0 && m.path("step_ns").asLong() > 0,
                    m.toPrettyString());
        }
        assertTrue(metrics.get(0).path("tool_execution_ns").asLong() > 0, "the first step ran memory_insert");
        assertTrue(metrics.get(1).path("tool_execution_ns").isNull(), "the reply ran no tool");
        JsonNode traces = observed.path("traces");
        for (int i = 0; i < 2; i++) {
            assertEquals(calls.get(i).body().path("messages").size(), traces.get(i).path("request_json").path("messages").size());
        }
        assertEquals("memory_insert", traces.get(0).path("response_json").path("choices").get(0).path("message").path("tool_calls").get(0)
                .path("function").path("name").asText());
        assertEquals(REPLY, traces.get(1).path("response_json").path("choices").get(0).path("message").path("content").asText());
        assertEquals(501, observed.path("run_trace").path("status").asInt(), observed.path("run_trace").toString());
    }

    @Test
    @Order(2)
    void memory_history_and_context_survive_down_and_up_and_the_next_step_sees_them() throws Exception {
        historyBefore = NodeScripts.run(engram.baseUrl(), "quickstart.mjs", "history", agentId);
        Engram.Result down = engram.run("down");
        assertEquals(0, down.exitCode(), down.output());
        Engram.Result up = engram.run("up");
        assertEquals(0, up.exitCode(), up.output());

        llm.enqueue(ScriptedReply.text("You are using Nuxt."));
        JsonNode result = NodeScripts.run(engram.baseUrl(), "quickstart.mjs", "resume", agentId);

        // memory
        assertTrue(result.path("human").path("value").asText().contains(INSERTED), result.path("human").toPrettyString());
        assertEquals(List.of("human", "persona"), sorted(result.path("blocks").findValuesAsText("label")));

        // history: the whole first turn, in order, fetched page by page
        JsonNode history = result.path("history");
        assertEquals(List.of("system_message", "user_message", "tool_call_message", "tool_return_message", "assistant_message"),
                types(history));
        assertEquals(FIRST, history.get(1).path("content").asText());
        assertEquals(historyBefore.path("history"), history, "the history reads the same before and after the restart");

        // context: the agent's window is the stored messages, system message first
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(history.findValuesAsText("id")));
        List<String> messageIds = new ArrayList<>();
        result.path("agent").path("message_ids").forEach(id -> messageIds.add(id.asText()));
        assertEquals(ids, messageIds);
        JsonNode context = result.path("context");
        assertEquals(5, context.path("num_messages").asInt(), context.toPrettyString());
        assertTrue(context.path("core_memory").asText().contains(INSERTED), context.path("core_memory").asText());
        assertTrue(context.path("context_window_size_current").asInt() > 0);

        // the next step sees all of it: the system prompt with the edit, the first turn, the new message
        JsonNode sent = llm.lastRequest().body().path("messages");
        assertTrue(system(llm.lastRequest().body()).contains(INSERTED));
        assertEquals(List.of("system", "user", "assistant", "tool", "assistant", "user"), sent.findValuesAsText("role"));
        assertEquals(FIRST, sent.get(1).path("content").asText());
        assertEquals("call_nuxt", sent.get(2).path("tool_calls").get(0).path("id").asText());
        assertEquals("call_nuxt", sent.get(3).path("tool_call_id").asText());
        assertEquals(REPLY, sent.get(4).path("content").asText());
        assertEquals("Which framework am I using?", sent.get(5).path("content").asText());
        assertEquals(List.of("assistant_message"), types(result.path("response").path("messages")));
        assertEquals(7, result.path("after").size(), "the new turn is stored after the old one");
    }

    @Test
    @Order(3)
    void blocks_agent_pages_tools_archival_memory_and_errors_through_the_client() throws Exception {
        JsonNode r = NodeScripts.run(engram.baseUrl(), "api-surface.mjs");

        assertEquals("ok", r.path("health").path("status").asText());
        assertTrue(contains(r.path("models"), "openai/gpt-4o-mini"), r.path("models").toString());
        assertTrue(contains(r.path("tags"), "surface"), "tags.list with a name filter: " + r.path("tags"));

        // create and modify answer the whole agent, relationships included, as Letta does for every SDK
        assertEquals(List.of("human", "persona"), texts(r.path("created_labels")));
        assertEquals(List.of("surface"), texts(r.path("updated").path("tags")));
        assertEquals("checks the client surface", r.path("updated").path("description").asText());
        assertEquals(List.of("human", "persona"), texts(r.path("updated").path("labels")));

        JsonNode blocks = r.path("blocks");
        String blockId = blocks.path("created").path("id").asText();
        assertTrue(blockId.startsWith("block-"));
        assertEquals("project", blocks.path("created").path("label").asText());
        assertEquals(5000, blocks.path("created").path("limit").asInt());
        assertTrue(contains(blocks.path("listed_ids"), blockId));
        assertEquals("Nuxt 3 app", blocks.path("retrieved").path("value").asText());
        assertEquals("Nuxt 3 app, deployed on Netlify", blocks.path("updated").path("value").asText());
        assertEquals("Nuxt 3 app, deployed on Netlify", blocks.path("reread").path("value").asText());

        JsonNode agentBlocks = r.path("agent_blocks");
        assertEquals(r.path("agent_id").asText(), agentBlocks.path("attached_id").asText());
        assertEquals(List.of("human", "persona", "project"), texts(agentBlocks.path("labels")));
        assertEquals("Role: founder. Likes Nuxt.", agentBlocks.path("updated").path("value").asText());
        assertEquals("Role: founder. Likes Nuxt.", agentBlocks.path("reread").path("value").asText());

        JsonNode pages = r.path("pages");
        List<String> created = texts(pages.path("created"));
        List<String> paged = new ArrayList<>();
        pages.path("pages").forEach(page -> {
            assertTrue(page.size() <= 2, "limit=2 pages: " + pages.path("pages"));
            paged.addAll(texts(page));
        });
        assertEquals(created.reversed(), paged, "newest first, each agent exactly once");
        assertEquals(created, texts(pages.path("ascending")));

        JsonNode tools = r.path("tools");
        List<String> names = tools.path("listed").findValuesAsText("name");
        assertTrue(names.containsAll(List.of("memory_insert", "memory_replace", "conversation_search", "archival_memory_insert",
                "archival_memory_search", "send_message")), names.toString());
        assertEquals(List.of("conversation_search", "memory_insert", "memory_replace"), texts(tools.path("of_agent")));
        assertEquals(tools.path("listed").get(0).path("name").asText(), tools.path("retrieved_name").asText());

        JsonNode passages = r.path("passages");
        assertTrue(passages.path("created").get(0).path("id").asText().startsWith("passage-"));
        assertEquals(2, passages.path("listed_texts").size());
        assertEquals("The user deploys the Nuxt app on Netlify.",
                passages.path("search").path("results").get(0).path("content").asText(), passages.toPrettyString());
        assertTrue(llm.embeddingCalls() > 0, "archival memory was embedded by the scripted openai/text-embedding-3-small");

        JsonNode identities = r.path("identities");
        String identityId = identities.path("identity").path("id").asText();
        assertTrue(identityId.startsWith("identity-"), identities.toPrettyString());
        assertEquals(r.path("agent_id").asText(), identities.path("attached_id").asText());
        assertEquals(List.of(identityId), texts(identities.path("identity_ids")));
        assertEquals("Ann", identities.path("identities").get(0).path("name").asText());
        assertEquals(List.of(r.path("agent_id").asText()), texts(identities.path("listed_ids")));
        assertEquals(0, identities.path("after_detach").size());

        JsonNode errors = r.path("errors");
        for (String notFound : List.of("retrieve_unknown_agent", "message_unknown_agent", "unknown_block_label")) {
            assertTrue(errors.path(notFound).path("is_not_found").asBoolean(), notFound + ": " + errors.path(notFound));
            assertTrue(errors.path(notFound).path("error").hasNonNull("detail"), notFound + ": " + errors.path(notFound));
        }
        for (String invalid : List.of("empty_messages", "block_without_value", "malformed_agent_id")) {
            assertTrue(errors.path(invalid).path("is_unprocessable").asBoolean(), invalid + ": " + errors.path(invalid));
        }
        assertEquals("NotFoundError", r.path("after_delete").path("class").asText());
        assertFalse(r.path("deleted").isMissingNode());
    }

    private static String system(JsonNode request) {
        JsonNode first = request.path("messages").get(0);
        assertEquals("system", first.path("role").asText());
        return first.path("content").asText();
    }

    private static List<String> types(JsonNode messages) {
        return messages.findValuesAsText("message_type");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }

    private static boolean contains(JsonNode array, String value) {
        return texts(array).contains(value);
    }
}
