package dev.engram.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Streaming through the official clients against the suite started by {@code ./engram up}, the model scripted:
 * {@code @letta-ai/letta-client}'s {@code messages.stream()} and {@code messages.create({streaming: true})} with step
 * and token streaming (src/test/js/streaming.mjs), a client that walks away mid-stream, and the {@code openai}
 * client's {@code chat.completions.create} with an agent as the model, streamed and not (chat-completions.mjs).
 */
class StreamingClientsIT {

    private static final String ANN_ARGS = "{\"label\": \"human\", \"new_string\": \"Name: Ann. Deploys on Fly.io.\"}";
    private static final String REASONING = "Ann told me her name; greet her by it.";
    private static final String REPLY = "Nice to meet you, Ann! Fly.io is a fine choice.";

    private static ScriptedOpenAiServer llm;
    private static Engram engram;

    @BeforeAll
    static void up() throws Exception {
        NodeScripts.install();
        llm = new ScriptedOpenAiServer();
        engram = Engram.upWith("stream", llm, Map.of());
    }

    @AfterAll
    static void down() throws Exception {
        Engram.stop(engram, llm);
    }

    @BeforeEach
    void reset() {
        llm.reset();
    }

    /** A memory edit in step 1, reasoning and a reply in step 2, with usage figures the stream must add up. */
    private static void enqueueMemoryTurn(String callId) {
        llm.enqueue(
                ScriptedReply.toolCalls(call(callId, "memory_insert", ANN_ARGS)).withUsage(1000, 20),
                ScriptedReply.text(REPLY).withReasoning(REASONING).withUsage(1100, 12));
    }

    private static String newAgent() throws Exception {
        String id = NodeScripts.run(engram.baseUrl(), "streaming.mjs", "agent").path("id").asText();
        assertTrue(id.startsWith("agent-"), id);
        return id;
    }

    @Test
    void step_streaming_yields_a_ping_then_each_steps_whole_messages_then_stop_reason_and_usage() throws Exception {
        String agent = newAgent();
        enqueueMemoryTurn("call_steps");

        JsonNode r = NodeScripts.run(engram.baseUrl(), "streaming.mjs", "turn", agent, "stream", "steps", "I'm Ann, I deploy on Fly.io.");

        JsonNode frames = r.path("frames");
        assertTrue(r.path("thrown").isNull(), r.path("thrown").toString());
        assertEquals(List.of("ping", "tool_call_message", "tool_return_message", "reasoning_message", "assistant_message",
                "stop_reason", "usage_statistics"), types(frames), frames.toPrettyString());
        JsonNode ping = frames.get(0);
        String run = ping.path("run_id").asText();
        assertTrue(run.startsWith("run-"), ping.toString());
        assertTrue(ping.path("id").asText().startsWith("ping-"), ping.toString());

        JsonNode toolCall = frames.get(1);
        assertEquals("memory_insert", toolCall.path("tool_call").path("name").asText());
        assertEquals(ANN_ARGS, toolCall.path("tool_call").path("arguments").asText());
        assertEquals("call_steps", toolCall.path("tool_call").path("tool_call_id").asText());
        assertEquals(toolCall.path("tool_call"), toolCall.path("tool_calls").get(0));
        JsonNode toolReturn = frames.get(2);
        assertEquals("call_steps", toolReturn.path("tool_call_id").asText());
        assertEquals("success", toolReturn.path("status").asText());
        assertTrue(toolReturn.path("tool_return").asText().contains("Name: Ann. Deploys on Fly.io."), toolReturn.toString());
        assertEquals(REASONING, frames.get(3).path("reasoning").asText());
        assertEquals(REPLY, frames.get(4).path("content").asText());

        // one step per model call: the tool frames share the first step, reasoning and reply the second
        assertEquals(toolCall.path("step_id"), toolReturn.path("step_id"));
        assertEquals(frames.get(3).path("step_id"), frames.get(4).path("step_id"));
        assertNotEquals(toolCall.path("step_id"), frames.get(4).path("step_id"));
        assertEquals(frames.get(3).path("id"), frames.get(4).path("id"), "reasoning and reply come from one stored message");
        assertNotEquals(frames.get(3).path("otid"), frames.get(4).path("otid"));
        for (int i = 1; i <= 4; i++) {
            assertEquals(run, frames.get(i).path("run_id").asText(), frames.get(i).toString());
        }
        assertEnd(frames, 2, 2100, 32);
        for (JsonNode m : r.path("messages")) {
            assertEquals(1, m.path("chunks").asInt(), "step streaming sends whole messages: " + m);
        }
        assertStored(r, run, frames);
    }

    @Test
    void token_streaming_yields_deltas_that_share_ids_and_assemble_to_the_whole_messages() throws Exception {
        String agent = newAgent();
        enqueueMemoryTurn("call_tokens");

        JsonNode r = NodeScripts.run(engram.baseUrl(), "streaming.mjs", "turn", agent, "create", "tokens", "I'm Ann, I deploy on Fly.io.");

        JsonNode frames = r.path("frames");
        assertTrue(r.path("thrown").isNull(), r.path("thrown").toString());
        assertEquals(List.of("ping", "tool_call_message", "tool_return_message", "reasoning_message", "assistant_message",
                "stop_reason", "usage_statistics"), runs(types(frames)), types(frames).toString());
        String run = frames.get(0).path("run_id").asText();
        assertTrue(run.startsWith("run-"), frames.get(0).toString());

        JsonNode messages = r.path("messages");
        assertEquals(List.of("tool_call_message", "tool_return_message", "reasoning_message", "assistant_message"), types(messages),
                messages.toPrettyString());
        JsonNode toolCall = messages.get(0);
        assertTrue(toolCall.path("chunks").asInt() >= 2, "the tool call comes in pieces: " + toolCall);
        JsonNode first = toolCall.path("first_tool_call");
        assertEquals("memory_insert", first.path("name").asText(), "the name comes first");
        assertTrue(first.path("arguments").isMissingNode(), "without arguments: " + first);
        assertEquals("call_tokens", first.path("tool_call_id").asText(), "no chunk before the tool call id is known");
        assertEquals(1, toolCall.path("tool_calls").size(), toolCall.toString());
        assertEquals("memory_insert", toolCall.path("tool_calls").get(0).path("name").asText());
        assertEquals(ANN_ARGS, toolCall.path("tool_calls").get(0).path("arguments").asText());
        assertEquals("call_tokens", toolCall.path("tool_calls").get(0).path("tool_call_id").asText());

        JsonNode toolReturn = messages.get(1);
        assertEquals(1, toolReturn.path("chunks").asInt(), "the tool return is sent whole");
        assertEquals("call_tokens", toolReturn.path("tool_call_id").asText());
        assertEquals("success", toolReturn.path("status").asText());

        JsonNode reasoning = messages.get(2);
        JsonNode reply = messages.get(3);
        assertEquals(REASONING, reasoning.path("reasoning").asText());
        assertEquals(words(REASONING), reasoning.path("chunks").asInt(), "a delta per streamed piece: " + reasoning);
        assertEquals(REPLY, reply.path("content").asText());
        assertEquals(words(REPLY), reply.path("chunks").asInt(), "a delta per streamed piece: " + reply);
        assertEquals(reasoning.path("id"), reply.path("id"), "one stored message");
        assertEquals(reasoning.path("step_id"), reply.path("step_id"));
        assertNotEquals(reasoning.path("otid"), reply.path("otid"), "the otid's sub-index goes up with the message type");
        assertNotEquals(toolCall.path("step_id"), reply.path("step_id"));
        for (JsonNode f : frames) {
            if (!"ping".equals(type(f)) && f.has("run_id")) {
                assertEquals(run, f.path("run_id").asText(), f.toString());
            }
        }
        assertEnd(frames, 2, 2100, 32);
        assertStored(r, run, messages);
    }

    @Test
    void both_routes_serve_both_modes_with_and_without_pings() throws Exception {
        String agent = newAgent();
        List<List<String>> variants = List.of(List.of("stream", "steps", "pings"), List.of("stream", "tokens", "pings"),
                List.of("create", "steps", "pings"), List.of("create", "tokens", "pings"), List.of("stream", "steps", "nopings"),
                List.of("create", "tokens", "nopings"));
        for (List<String> variant : variants) {
            llm.reset();
            String route = variant.get(0);
            String mode = variant.get(1);
            boolean pings = "pings".equals(variant.get(2));
            String text = "Answer " + String.join(" ", variant) + ", in a few words.";
            llm.enqueue(ScriptedReply.text(text));
            JsonNode r = NodeScripts.run(engram.baseUrl(), "streaming.mjs", "turn", agent, route, mode, "hello", variant.get(2));
            String where = variant + ": " + types(r.path("frames"));
            assertTrue(r.path("thrown").isNull(), where + " " + r.path("thrown"));
            List<String> expected = new ArrayList<>(List.of("assistant_message", "stop_reason", "usage_statistics"));
            if (pings) {
                expected.addFirst("ping");
            }
            assertEquals(expected, runs(types(r.path("frames"))), where);
            assertEquals(1, r.path("messages").size(), where);
            assertEquals(text, r.path("messages").get(0).path("content").asText(), where);
            assertEquals("steps".equals(mode) ? 1 : words(text), r.path("messages").get(0).path("chunks").asInt(), where);
            assertEquals(r.path("run").path("id").asText(), r.path("messages").get(0).path("run_id").asText(), where);
            assertEquals("completed", r.path("run").path("status").asText(), where);
            assertEquals(1, llm.requestCount(), where);
            assertEquals("tokens".equals(mode), llm.lastRequest().body().path("stream").asBoolean(false),
                    where + ": the model is streamed only for token streaming");
        }
    }

    @Test
    void a_long_step_gets_keepalive_pings_that_the_client_yields() throws Exception {
        String agent = newAgent();
        // keep-alives go out after 20 s without a frame (checked every 5 s): one by 25 s, the next not before 40 s
        llm.enqueue(ScriptedReply.text("Worth the wait.").withLatency(Duration.ofSeconds(28)));

        JsonNode r = NodeScripts.run(engram.baseUrl(), "streaming.mjs", "turn", agent, "create", "steps", "take your time");

        JsonNode frames = r.path("frames");
        assertTrue(r.path("thrown").isNull(), r.path("thrown").toString());
        assertEquals(List.of("ping", "ping", "assistant_message", "stop_reason", "usage_statistics"), types(frames), frames.toPrettyString());
        String run = frames.get(0).path("run_id").asText();
        assertEquals(run, frames.get(1).path("run_id").asText(), "the keep-alive names the run too");
        assertNotEquals(frames.get(0).path("id"), frames.get(1).path("id"));
        assertTrue(frames.get(1).path("id").asText().startsWith("ping-"), frames.get(1).toString());
        assertEquals("Worth the wait.", frames.get(2).path("content").asText());
        assertEnd(frames, 1, -1, -1);
    }

    @Test
    void a_model_error_mid_stream_ends_with_its_stop_reason_and_the_client_throws_the_error_event() throws Exception {
        String agent = newAgent();
        llm.enqueue(ScriptedReply.toolCalls(call("call_before_error", "memory_insert", ANN_ARGS)), ScriptedReply.unauthorized());

        JsonNode r = NodeScripts.run(engram.baseUrl(), "streaming.mjs", "turn", agent, "create", "tokens", "I'm Ann, I deploy on Fly.io.");

        JsonNode frames = r.path("frames");
        assertEquals(List.of("ping", "tool_call_message", "tool_return_message", "stop_reason"), runs(types(frames)), frames.toPrettyString());
        assertEquals("llm_api_error", frames.get(frames.size() - 1).path("stop_reason").asText());
        JsonNode thrown = r.path("thrown");
        assertEquals("APIError", thrown.path("class").asText(), thrown.toString());
        JsonNode error = thrown.path("error");
        assertEquals("error_message", error.path("message_type").asText(), thrown.toString());
        assertEquals("llm_authentication", error.path("error_type").asText(), thrown.toString());
        assertEquals(frames.get(0).path("run_id").asText(), error.path("run_id").asText(), thrown.toString());
        assertEquals("failed", r.path("run").path("status").asText(), r.path("run").toString());
        assertEquals("llm_api_error", r.path("run").path("stop_reason").asText(), r.path("run").toString());
        // the first step was committed before the model failed: its memory edit and messages stay
        assertEquals(List.of("tool_call_message", "tool_return_message"),
                types(r.path("run_messages")).stream().filter(t -> !"user_message".equals(t)).toList());
        assertTrue(r.path("human").asText().contains("Name: Ann. Deploys on Fly.io."), r.path("human").asText());
    }

    @Test
    void a_client_that_leaves_after_the_ping_does_not_stop_the_run() throws Exception {
        String agent = newAgent();
        CountDownLatch release = new CountDownLatch(1);
        llm.enqueue(ScriptedReply.toolCalls(call("call_left", "memory_insert", ANN_ARGS)).heldUntil(release),
                ScriptedReply.text(REPLY));

        JsonNode r = leave(agent, "steps", "ping", release, 1);

        assertEquals(List.of("ping"), types(r.path("seen")));
        assertLeftAndCompleted(r, "call_left");
    }

    @Test
    void a_token_stream_left_after_its_first_delta_does_not_stop_the_run() throws Exception {
        String agent = newAgent();
        CountDownLatch release = new CountDownLatch(1);
        llm.enqueue(ScriptedReply.toolCalls(call("call_left_tokens", "memory_insert", ANN_ARGS)),
                ScriptedReply.text(REPLY).heldUntil(release));

        JsonNode r = leave(agent, "tokens", "message", release, 2);

        assertEquals(List.of("ping", "tool_call_message"), types(r.path("seen")));
        JsonNode delta = r.path("seen").get(1).path("tool_call");
        assertEquals("memory_insert", delta.path("name").asText(), delta.toString());
        assertLeftAndCompleted(r, "call_left_tokens");
    }

    @Test
    void the_openai_client_streams_chat_completion_chunks_with_an_agent_as_the_model() throws Exception {
        String agent = newAgent();
        String text = "Noted: you deploy on Fly.io.";
        llm.enqueue(ScriptedReply.toolCalls(call("call_chat", "memory_insert", ANN_ARGS)), ScriptedReply.text(text));

        JsonNode r = NodeScripts.run(engram.baseUrl(), "chat-completions.mjs", "stream", agent, "I deploy on Fly.io.");

        assertTrue(r.path("thrown").isNull(), r.path("thrown").toString());
        JsonNode chunks = r.path("chunks");
        assertEquals(words(text) + 1, chunks.size(), "a chunk per piece of the reply, then the finish: " + chunks.toPrettyString());
        String id = chunks.get(0).path("id").asText();
        assertTrue(id.startsWith("chatcmpl-run-"), id);
        for (int i = 0; i < chunks.size(); i++) {
            JsonNode c = chunks.get(i);
            assertEquals(id, c.path("id").asText(), c.toString());
            assertEquals("chat.completion.chunk", c.path("object").asText(), c.toString());
            assertEquals("gpt-4o-mini", c.path("model").asText(), c.toString());
            assertTrue(c.path("created").canConvertToLong() && c.path("created").asLong() > 1_700_000_000L, c.toString());
            assertEquals(1, c.path("choices").size(), c.toString());
            JsonNode choice = c.path("choices").get(0);
            assertEquals(0, choice.path("index").asInt(), c.toString());
            boolean last = i == chunks.size() - 1;
            assertEquals(last ? "stop" : null, choice.path("finish_reason").isNull() ? null : choice.path("finish_reason").asText(), c.toString());
            assertEquals(i == 0 ? "assistant" : null, choice.path("delta").path("role").asText(null), c.toString());
            if (last) {
                assertEquals(0, choice.path("delta").size(), "the finish chunk has an empty delta: " + c);
            }
        }
        assertEquals(text, r.path("text").asText(), "only the assistant's text, none of the tool traffic");

        JsonNode exchange = single(r.path("raw"));
        assertEquals(200, exchange.path("status").asInt());
        assertTrue(exchange.path("content_type").asText().startsWith("text/event-stream"), exchange.toString());
        String body = exchange.path("body").asText();
        assertTrue(body.endsWith("data: [DONE]\n\n"), "the stream ends with [DONE]: " + body);
        assertEquals(1, count(body, "[DONE]"), body);
        assertEquals(chunks.size(), count(body, "data: {"), body);
        assertFalse(body.contains("event:"), body);

        assertTrue(r.path("human").asText().contains("Name: Ann. Deploys on Fly.io."), r.path("human").asText());
        assertEquals(2, llm.requestCount());
        JsonNode sent = llm.requests().get(0).body().path("messages");
        assertEquals("I deploy on Fly.io.", sent.get(sent.size() - 1).path("content").asText(), "the last user message went to the agent");
        assertFalse(sent.toString().contains("ignored:"), "the other messages of the request did not: " + sent);
    }

    @Test
    void the_openai_client_raises_a_model_failure_mid_stream() throws Exception {
        String agent = newAgent();
        llm.enqueue(ScriptedReply.toolCalls(call("call_chat_error", "memory_insert", ANN_ARGS)), ScriptedReply.unauthorized());

        JsonNode r = NodeScripts.run(engram.baseUrl(), "chat-completions.mjs", "stream", agent, "I deploy on Fly.io.");

        assertEquals(0, r.path("chunks").size(), "nothing but the error reached the caller: " + r.path("chunks"));
        JsonNode thrown = r.path("thrown");
        assertEquals("APIError", thrown.path("class").asText(), thrown.toString());
        assertEquals("llm_authentication", thrown.path("error").path("type").asText(), thrown.toString());
        assertEquals("llm_api_error", thrown.path("error").path("code").asText(), thrown.toString());
        assertTrue(thrown.path("message").asText().contains("API key"), thrown.toString());
        assertTrue(single(r.path("raw")).path("body").asText().endsWith("data: [DONE]\n\n"), r.path("raw").toString());
        assertTrue(r.path("human").asText().contains("Name: Ann. Deploys on Fly.io."), "the committed step stays");
    }

    @Test
    void the_openai_client_gets_a_whole_chat_completion_with_usage_when_not_streaming() throws Exception {
        String agent = newAgent();
        String text = "Noted: you deploy on Fly.io.";
        llm.enqueue(ScriptedReply.toolCalls(call("call_chat_json", "memory_insert", ANN_ARGS)).withUsage(900, 15),
                ScriptedReply.text(text).withUsage(950, 9));

        JsonNode r = NodeScripts.run(engram.baseUrl(), "chat-completions.mjs", "create", agent, "I deploy on Fly.io.");

        JsonNode completion = r.path("completion");
        assertTrue(completion.path("id").asText().startsWith("chatcmpl-run-"), completion.toString());
        assertEquals("chat.completion", completion.path("object").asText());
        assertEquals("gpt-4o-mini", completion.path("model").asText());
        assertEquals(1, completion.path("choices").size(), completion.toString());
        JsonNode choice = completion.path("choices").get(0);
        assertEquals(0, choice.path("index").asInt());
        assertEquals("assistant", choice.path("message").path("role").asText());
        assertEquals(text, choice.path("message").path("content").asText());
        assertEquals("stop", choice.path("finish_reason").asText());
        assertEquals(1850, completion.path("usage").path("prompt_tokens").asInt(), completion.toString());
        assertEquals(24, completion.path("usage").path("completion_tokens").asInt(), completion.toString());
        assertEquals(1874, completion.path("usage").path("total_tokens").asInt(), completion.toString());

        JsonNode exchange = single(r.path("raw"));
        assertEquals(200, exchange.path("status").asInt());
        assertTrue(exchange.path("content_type").asText().startsWith("application/json"), exchange.toString());
        assertTrue(r.path("human").asText().contains("Name: Ann. Deploys on Fly.io."), r.path("human").asText());
        assertFalse(llm.requests().getLast().body().path("stream").asBoolean(false), "no token streaming needed");
    }

    // --- leaving a stream

    /**
     * Runs {@code streaming.mjs disconnect}; once the script has left the stream (its marker file exists), checks that
     * the model call it left behind is still waiting, and lets the model answer.
     */
    private static JsonNode leave(String agent, String mode, String after, CountDownLatch release, int heldCall) throws Exception {
        Path marker = Files.createTempFile(Path.of("target").toAbsolutePath(), "left-", ".run");
        Files.delete(marker);
        CompletableFuture<JsonNode> script = CompletableFuture.supplyAsync(() -> {
            try {
                return NodeScripts.run(engram.baseUrl(), "streaming.mjs", "disconnect", agent, mode, after, marker.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(marker) && !script.isDone()) {
                if (System.nanoTime() > deadline) {
                    fail("the client did not leave the stream within 60 s");
                }
                Thread.sleep(50);
            }
            assertTrue(llm.awaitRequests(heldCall, Duration.ofSeconds(30)), "the held model call arrived");
            assertEquals(heldCall, llm.requestCount(), "nothing went past the held model call while the client was there");
        } finally {
            release.countDown();
        }
        JsonNode r = script.get(120, TimeUnit.SECONDS);
        assertEquals(2, llm.requestCount(), "the run went on after the client left");
        return r;
    }

    private static void assertLeftAndCompleted(JsonNode r, String callId) {
        assertTrue(List.of("created", "running").contains(r.path("status_when_left").asText()), r.path("status_when_left").toString());
        JsonNode run = r.path("run");
        assertEquals(r.path("run_id").asText(), run.path("id").asText());
        assertEquals("completed", run.path("status").asText(), run.toString());
        assertEquals("end_turn", run.path("stop_reason").asText(), run.toString());

        List<String> produced = List.of("tool_call_message", "tool_return_message", "assistant_message");
        JsonNode runMessages = r.path("run_messages");
        assertEquals(produced, types(runMessages).stream().filter(produced::contains).toList(), runMessages.toPrettyString());
        JsonNode history = r.path("history");
        List<String> tail = types(history).subList(history.size() - 4, history.size());
        assertEquals(List.of("user_message", "tool_call_message", "tool_return_message", "assistant_message"), tail, types(history).toString());
        assertEquals("Remember that I deploy on Fly.io.", history.get(history.size() - 4).path("content").asText());
        assertEquals(callId, history.get(history.size() - 3).path("tool_call").path("tool_call_id").asText());
        assertEquals(callId, history.get(history.size() - 2).path("tool_call_id").asText());
        assertEquals(REPLY, history.get(history.size() - 1).path("content").asText());
        assertTrue(r.path("human").asText().contains("Name: Ann. Deploys on Fly.io."), r.path("human").asText());
    }

    // --- shared checks

    /**
     * The stream's end: stop_reason end_turn, then the usage of the whole run (the client swallowed the [DONE]);
     * {@code prompt} -1: token figures not checked.
     */
    private static void assertEnd(JsonNode frames, int steps, int prompt, int completion) {
        JsonNode stop = frames.get(frames.size() - 2);
        JsonNode usage = frames.get(frames.size() - 1);
        assertEquals("stop_reason", type(stop), stop.toString());
        assertEquals("end_turn", stop.path("stop_reason").asText());
        assertEquals("usage_statistics", type(usage), usage.toString());
        assertEquals(steps, usage.path("step_count").asInt(), usage.toString());
        if (prompt >= 0) {
            assertEquals(prompt, usage.path("prompt_tokens").asInt(), usage.toString());
            assertEquals(completion, usage.path("completion_tokens").asInt(), usage.toString());
        }
        assertEquals(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt(), usage.path("total_tokens").asInt(),
                usage.toString());
    }

    /**
     * What was streamed is what was stored: the run completed, and its messages (by the run and at the end of the
     * agent's history) are the streamed ones, with the same ids, otids and contents.
     */
    private static void assertStored(JsonNode r, String run, JsonNode streamed) {
        assertEquals(run, r.path("run").path("id").asText());
        assertEquals("completed", r.path("run").path("status").asText(), r.path("run").toString());
        assertEquals("end_turn", r.path("run").path("stop_reason").asText(), r.path("run").toString());
        List<JsonNode> expected = new ArrayList<>();
        streamed.forEach(m -> {
            if (!List.of("ping", "stop_reason", "usage_statistics").contains(type(m))) {
                expected.add(m);
            }
        });
        for (String where : List.of("run_messages", "history")) {
            List<JsonNode> stored = new ArrayList<>();
            r.path(where).forEach(m -> {
                if (List.of("tool_call_message", "tool_return_message", "reasoning_message", "assistant_message").contains(type(m))) {
                    stored.add(m);
                }
            });
            List<JsonNode> last = stored.subList(stored.size() - expected.size(), stored.size());
            for (int i = 0; i < expected.size(); i++) {
                JsonNode e = expected.get(i);
                JsonNode s = last.get(i);
                String what = where + " #" + i + ": " + s + " vs streamed " + e;
                assertEquals(type(e), type(s), what);
                assertEquals(e.path("id"), s.path("id"), what);
                assertEquals(e.path("otid"), s.path("otid"), what);
                assertEquals(e.path("step_id"), s.path("step_id"), what);
                switch (type(e)) {
                    case "reasoning_message" -> assertEquals(e.path("reasoning"), s.path("reasoning"), what);
                    case "assistant_message" -> assertEquals(e.path("content"), s.path("content"), what);
                    case "tool_return_message" -> {
                        assertEquals(e.path("tool_return"), s.path("tool_return"), what);
                        assertEquals(e.path("tool_call_id"), s.path("tool_call_id"), what);
                    }
                    case "tool_call_message" -> {
                        JsonNode call = e.has("first_tool_call") ? e.path("tool_calls").get(0) : e.path("tool_call");
                        assertEquals(call.path("name"), s.path("tool_call").path("name"), what);
                        assertEquals(call.path("arguments"), s.path("tool_call").path("arguments"), what);
                        assertEquals(call.path("tool_call_id"), s.path("tool_call").path("tool_call_id"), what);
                    }
                    default -> fail(what);
                }
            }
        }
        assertTrue(r.path("human").asText().contains("Name: Ann. Deploys on Fly.io."), r.path("human").asText());
    }

    private static String type(JsonNode message) {
        return message.path("message_type").asText();
    }

    private static List<String> types(JsonNode messages) {
        List<String> out = new ArrayList<>();
        messages.forEach(m -> out.add(type(m)));
        return out;
    }

    /** The types with repeats in a row collapsed: the shape of a token stream. */
    private static List<String> runs(List<String> types) {
        List<String> out = new ArrayList<>();
        for (String t : types) {
            if (out.isEmpty() || !out.getLast().equals(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** How many pieces the scripted server streams a text in: a word each. */
    private static int words(String text) {
        return text.split(" ").length;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    private static JsonNode single(JsonNode array) {
        assertEquals(1, array.size(), array.toString());
        return array.get(0);
    }
}
