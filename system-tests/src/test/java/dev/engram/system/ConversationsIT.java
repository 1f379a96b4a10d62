package dev.engram.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Conversations, background streams, approvals and tool rules through the official Letta client
 * ({@code src/test/js/conversations.mjs}) against the suite started by {@code ./engram up}: two threads of one agent
 * at once, a fork, isolated blocks; a background stream the client walks away from, resumed from its last seq_id with
 * every frame exactly once after {@code kill -9} of agent-service; approvals, denials and client tool results, also
 * after a restart while a call waits; a conversation busy past the wait is a 409 with its run id.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConversationsIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static ScriptedOpenAiServer llm;
    private static Engram engram;
    private static String finishedBackgroundRun;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void up() throws Exception {
        NodeScripts.install();
        llm = new ScriptedOpenAiServer();
        engram = Engram.upWith("conversations", llm, Engram.quickRecovery(Map.of("ENGRAM_QUEUE_MAX_WAIT", "2s")));
    }

    @AfterAll
    static void down() throws Exception {
        Engram.stop(engram, llm);
    }

    @BeforeEach
    void reset() throws Exception {
        llm.reset();
        engram.up(); // whatever a test killed runs again
    }

    /** Whether a model request ends with a tool result. */
    private static boolean endsWithToolResult(JsonNode request) {
        JsonNode messages = request.path("messages");
        return "tool".equals(messages.get(messages.size() - 1).path("role").asText());
    }

    @Test
    @Order(1)
    void two_conversations_at_once_a_fork_and_isolated_blocks() throws Exception {
        llm.defaultReply(request -> {
            String user = ScriptedOpenAiServer.lastUserText(request);
            if (user.contains("jazz")) {
                return endsWithToolResult(request) ? ScriptedReply.text("Noted.")
                        : ScriptedReply.toolCalls(call("call_jazz", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Likes jazz.\"}"));
            }
            if (user.contains("What do I like")) {
                return ScriptedReply.text("You like jazz.");
            }
            return ScriptedReply.text("Hi B.");
        });
        JsonNode r = NodeScripts.run(engram.baseUrl(), "conversations.mjs", "threads");
        assertEquals(List.of("tool_call_message", "tool_return_message", "assistant_message"), strings(r.path("replies").path("a")));
        assertEquals(List.of("assistant_message"), strings(r.path("replies").path("b")));
        assertEquals("You like jazz.", r.path("replies").path("fork").get(0).path("content").asText());
        assertTrue(r.path("isolated").asText().contains("Likes jazz."), r.toPrettyString());
        assertFalse(r.path("shared").asText().contains("Likes jazz."), "the isolated copy changed, not the agent's block");
        assertEquals(List.of("system_message"), strings(r.path("own_messages")), "the agent's own thread holds none of it");
        assertEquals(Set.of("Remember: I like jazz.", "Hello from B.", "What do I like?"), Set.copyOf(strings(r.path("all_user_messages"))),
                "without conversation_id the agent's messages are those of all its threads, as Letta lists them");
        List<String> listed = strings(r.path("listed"));
        assertTrue(listed.containsAll(List.of(r.path("a").path("id").asText(), r.path("b_id").asText(), r.path("fork").path("id").asText())));
        JsonNode a = r.path("a").path("in_context_message_ids");
        JsonNode fork = r.path("fork").path("in_context_message_ids");
        assertEquals(a.get(1).asText(), fork.get(1).asText(), "the fork shares the source's messages");
        assertFalse(a.get(0).asText().equals(fork.get(0).asText()), "behind a system message of its own");
    }

    @Test
    @Order(2)
    void a_background_stream_cut_by_the_client_resumes_exactly_after_kill_9_of_agent_service() throws Exception {
        String agent = engram.json(engram.post("/v1/agents/", Map.of("model", "openai/gpt-4o-mini", "embedding",
                "openai/text-embedding-3-small", "memory_blocks", List.of(Map.of("label", "human", "value", "Name: Ann."),
                        Map.of("label", "persona", "value", "Helpful."))))).path("id").asText();
        String conv = engram.json(engram.post("/v1/conversations/?agent_id=" + agent, Map.of())).path("id").asText();
        CountDownLatch held = new CountDownLatch(1);
        llm.enqueue(ScriptedReply.toolCalls(call("call_nuxt", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Uses Nuxt.\"}")),
                ScriptedReply.text("never delivered").heldUntil(held));
        Path marker = Files.createTempFile(Path.of("target").toAbsolutePath(), "cut", ".json");
        JsonNode cut = NodeScripts.run(engram.baseUrl(), "conversations.mjs", "cut", conv, marker.toString());
        JsonNode where = Engram.JSON.readTree(Files.readString(marker));
        String run = where.path("run_id").asText();
        long seq = where.path("seq_id").asLong();
        assertTrue(llm.awaitRequests(2, WAIT), "the run went on to its second step without its client");

        engram.kill9("agent-service");
        llm.enqueue(ScriptedReply.text("Nuxt, noted."));
        held.countDown(); // the held answer goes to a dead connection
        engram.up();

        JsonNode resumed = NodeScripts.run(engram.baseUrl(), "conversations.mjs", "resume", run, String.valueOf(seq));
        List<Long> seqs = new ArrayList<>();
        cut.path("frames").forEach(f -> seqs.add(f.path("seq_id").asLong()));
        List<JsonNode> after = new ArrayList<>();
        resumed.path("frames").forEach(after::add);
        for (JsonNode f : after) {
            if (f.hasNonNull("seq_id") && !"ping".equals(f.path("message_type").asText())) {
                seqs.add(f.path("seq_id").asLong());
            }
        }
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(i + 1, seqs.get(i), "every frame exactly once, in order: " + seqs);
        }
        assertTrue(after.stream().anyMatch(f -> "Nuxt, noted.".equals(f.path("content").asText())), resumed.toPrettyString());
        assertTrue(after.stream().anyMatch(f -> "end_turn".equals(f.path("stop_reason").asText())), resumed.toPrettyString());
        assertEquals("completed", resumed.path("run").path("status").asText());
        String human = engram.json(engram.get("/v1/agents/" + agent + "/core-memory/blocks/human")).path("value").asText();
        assertEquals(1, human.split("Uses Nuxt.", -1).length - 1, "the edit of the first step applied once: " + human);
        finishedBackgroundRun = run;
    }

    @Test
    @Order(3)
    void approvals_denials_and_client_tool_results() throws Exception {
        llm.enqueue(ScriptedReply.toolCalls(call("call_read", "read_file", "{\"path\": \"notes.txt\"}")),
                ScriptedReply.text("It says: buy milk."),
                ScriptedReply.toolCalls(call("call_tea", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Likes tea.\"}")),
                ScriptedReply.text("Tea noted."),
                ScriptedReply.toolCalls(call("call_coffee", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Hates coffee.\"}")),
                ScriptedReply.text("I won't note that."));
        JsonNode r = NodeScripts.run(engram.baseUrl(), "conversations.mjs", "approvals");
        assertEquals("requires_approval", r.path("paused").path("stop").asText());
        assertEquals("read_file", r.path("paused").path("request").path("tool_call").path("name").asText());
        assertEquals(409, r.path("blocked").path("status").asInt());
        assertTrue(r.path("blocked").path("detail").asText().contains("waiting for approval"), r.toPrettyString());
        assertEquals("end_turn", r.path("answered").path("stop").asText());
        assertEquals("buy milk", r.path("answered").path("first").path("tool_return").asText());
        assertEquals("success", r.path("approved").path("status").asText());
        assertEquals("Error: request to call tool denied. User reason: no coffee talk",
                r.path("denied").path("first").path("tool_return").asText());
        assertTrue(r.path("human").asText().contains("Likes tea."));
        assertFalse(r.path("human").asText().contains("coffee"));
        assertEquals(409, r.path("not_pending").path("status").asInt(), r.toPrettyString());
    }

    @Test
    @Order(4)
    void a_call_left_waiting_survives_a_restart_and_is_answered_once() throws Exception {
        llm.enqueue(ScriptedReply.toolCalls(call("call_todo", "read_file", "{\"path\": \"todo.txt\"}")));
        JsonNode left = NodeScripts.run(engram.baseUrl(), "conversations.mjs", "leave-pending");
        assertEquals("requires_approval", left.path("stop").asText());
        assertEquals(0, engram.run("down").exitCode());
        engram.up();
        llm.enqueue(ScriptedReply.text("Water the plants, then."));
        JsonNode r = NodeScripts.run(engram.baseUrl(), "conversations.mjs", "pending", left.path("agent_id").asText(),
                left.path("tool_call_id").asText());
        assertEquals("call_todo", r.path("pending_before").path("tool_call").path("tool_call_id").asText(), r.toPrettyString());
        assertEquals("end_turn", r.path("stop").asText());
        assertEquals(409, r.path("twice").path("status").asInt(), "an answered call is not pending any more");
    }

    @Test
    @Order(5)
    void every_tool_rule_type_goes_through_the_client_and_shapes_the_turn() throws Exception {
        llm.enqueue(ScriptedReply.toolCalls(call("c1", "conversation_search", "{\"query\": \"tea\"}")),
                ScriptedReply.toolCalls(call("c2", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Asked about tea.\"}")));
        JsonNode r = NodeScripts.run(engram.baseUrl(), "conversations.mjs", "rules");
        assertEquals(9, r.path("stored").size(), r.toPrettyString());
        List<String> types = new ArrayList<>();
        r.path("stored").forEach(rule -> types.add(rule.path("type").asText()));
        assertEquals(List.of("run_first", "constrain_child_tools", "exit_loop", "continue_loop", "conditional", "max_count_per_step",
                "parent_last_tool", "required_before_exit", "requires_approval"), types);
        assertEquals("tool_rule", r.path("turn").path("stop").asText(), r.toPrettyString());
        JsonNode first = llm.requests().get(0).body();
        JsonNode second = llm.requests().get(1).body();
        assertEquals("conversation_search", first.path("tool_choice").path("function").path("name").asText());
        assertEquals("memory_insert", second.path("tool_choice").path("function").path("name").asText());
        assertTrue(first.path("messages").get(0).path("content").asText().contains("<tool_usage_rules>"));
    }

    @Test
    @Order(6)
    void a_conversation_busy_past_the_wait_is_409_with_the_run_it_waits_for() throws Exception {
        String agent = engram.json(engram.post("/v1/agents/", Map.of("model", "openai/gpt-4o-mini", "embedding",
                "openai/text-embedding-3-small"))).path("id").asText();
        String conv = engram.json(engram.post("/v1/conversations/?agent_id=" + agent, Map.of())).path("id").asText();
        CountDownLatch held = new CountDownLatch(1);
        llm.enqueue(ScriptedReply.text("slow").heldUntil(held));
        CompletableFuture<HttpResponse<String>> first = send(conv, "take your time");
        assertTrue(llm.awaitRequests(1, WAIT));
        HttpResponse<String> second = send(conv, "me too").join();
        held.countDown();
        assertEquals(409, second.statusCode(), second.body());
        JsonNode busy = Engram.JSON.readTree(second.body());
        assertTrue(busy.path("detail").asText().startsWith("CONFLICT: Cannot send a new message: Another request (run_id="), second.body());
        assertTrue(busy.path("detail").asText().endsWith("is currently being processed for this conversation. Please wait for it to complete."));
        assertTrue(busy.path("run_id").asText().startsWith("run-"));
        assertEquals(200, first.join().statusCode());
    }

    @Test
    @Order(7)
    void refusals_and_a_resume_past_the_end() throws Exception {
        JsonNode r = NodeScripts.run(engram.baseUrl(), "conversations.mjs", "errors", finishedBackgroundRun);
        assertEquals(404, r.path("unknown").path("status").asInt());
        assertEquals(404, r.path("unknown_send").path("status").asInt());
        assertEquals(404, r.path("unknown_run").path("status").asInt());
        assertEquals(0, r.path("past_the_end").size(), "past the end of a finished stream: an empty follow " + r);
    }

    private CompletableFuture<HttpResponse<String>> send(String conv, String text) throws Exception {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(engram.baseUrl() + "/v1/conversations/" + conv + "/messages"))
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(Engram.JSON.writeValueAsString(Map.of("streaming", false,
                        "messages", List.of(Map.of("role", "user", "content", text)))))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
