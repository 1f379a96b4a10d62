package dev.engram.agent.llm;

import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import static dev.engram.agent.llm.OpenAiProviderTest.HANDLE;
import static dev.engram.agent.llm.OpenAiProviderTest.WAIT;
import static dev.engram.agent.llm.OpenAiProviderTest.memoryInsert;
import static dev.engram.agent.llm.OpenAiProviderTest.request;
import static dev.engram.agent.support.llm.ScriptedReply.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token streaming through the real OpenAI client path against the scripted OpenAI server. */
@QuarkusTest
class OpenAiStreamingTest {

    static ScriptedOpenAiServer server;
    LlmProviders providers;

    @BeforeAll
    static void start() {
        server = new ScriptedOpenAiServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void configure() {
        server.reset();
        providers = new LlmProviders(TestLlmConfig.of(
                "openai.api-key", "sk-test", "openai.base-url", server.baseUrl(), "timeout", "2s"));
    }

    @AfterEach
    void close() {
        providers.close();
    }

    @Test
    void text_arrives_in_pieces_and_the_last_chunk_has_usage_and_finish_reason() {
        server.enqueue(ScriptedReply.text("Nice to meet you, Ann!").withReasoning("Greet the user.")
                .withUsage(5210, 61).withCachedTokens(4800));

        List<LlmChunk> chunks = stream(request(List.of()));

        List<String> pieces = chunks.stream().filter(c -> c instanceof LlmChunk.TextDelta)
                .map(c -> ((LlmChunk.TextDelta) c).text()).toList();
        assertTrue(pieces.size() > 1, "several text deltas: " + pieces);
        assertEquals("Nice to meet you, Ann!", String.join("", pieces));
        assertEquals("Greet the user.", chunks.stream().filter(c -> c instanceof LlmChunk.ReasoningDelta)
                .map(c -> ((LlmChunk.ReasoningDelta) c).text()).reduce("", String::concat));
        LlmChunk.Done done = assertInstanceOf(LlmChunk.Done.class, chunks.getLast());
        assertEquals("Nice to meet you, Ann!", done.response().text());
        assertEquals(FinishReason.STOP, done.response().finishReason());
        assertEquals(new LlmUsage(5210, 61, 5271, 4800, 0), done.response().usage());
        assertTrue(server.lastRequest().body().path("stream").asBoolean());
        assertTrue(server.lastRequest().body().path("stream_options").path("include_usage").asBoolean());
    }

    @Test
    void parallel_tool_calls_arrive_as_id_and_name_then_argument_pieces() {
        server.enqueue(ScriptedReply.toolCalls(
                call("call_x1", "memory_insert", "{\"label\": \"human\", \"text\": \"Name: Ann\"}"),
                call("call_x2", "memory_insert", "{\"label\": \"persona\", \"text\": \"Warm\"}")));

        List<LlmChunk> chunks = stream(request(List.of(memoryInsert())));

        List<LlmChunk.ToolCallDelta> deltas = chunks.stream().filter(c -> c instanceof LlmChunk.ToolCallDelta)
                .map(c -> (LlmChunk.ToolCallDelta) c).toList();
        assertEquals(new LlmChunk.ToolCallDelta(0, "call_x1", "memory_insert", ""), deltas.getFirst());
        assertEquals("{\"label\": \"human\", \"text\": \"Name: Ann\"}", arguments(deltas, 0));
        assertEquals("{\"label\": \"persona\", \"text\": \"Warm\"}", arguments(deltas, 1));
        assertTrue(deltas.stream().allMatch(d -> d.id() != null && d.name() != null), deltas.toString());
        assertEquals(new LlmChunk.ToolCallDelta(1, "call_x2", "memory_insert", ""),
                deltas.stream().filter(d -> d.index() == 1).findFirst().orElseThrow());
        LlmChunk.Done done = assertInstanceOf(LlmChunk.Done.class, chunks.getLast());
        assertEquals(FinishReason.TOOL_CALLS, done.response().finishReason());
        assertEquals(List.of(
                new ToolCall("call_x1", "memory_insert", "{\"label\": \"human\", \"text\": \"Name: Ann\"}"),
                new ToolCall("call_x2", "memory_insert", "{\"label\": \"persona\", \"text\": \"Warm\"}")),
                done.response().toolCalls());
    }

    @Test
    void a_failure_before_the_first_chunk_is_retried() {
        server.enqueue(ScriptedReply.serverError(), ScriptedReply.text("second try"));

        LlmChunk.Done done = assertInstanceOf(LlmChunk.Done.class, stream(request(List.of())).getLast());

        assertEquals("second try", done.response().text());
        assertEquals(2, server.requestCount());
    }

    @Test
    void an_error_status_fails_the_stream_with_its_kind() {
        server.enqueue(ScriptedReply.unauthorized());

        LlmException e = assertThrows(LlmException.class, () -> stream(request(List.of())));

        assertEquals(LlmException.Kind.AUTHENTICATION, e.kind());
        assertEquals(1, server.requestCount());
    }

    @Test
    void a_stream_that_goes_silent_times_out() {
        CountDownLatch never = new CountDownLatch(1);
        server.enqueue(ScriptedReply.text("too late").heldUntil(never));

        LlmException e = assertThrows(LlmException.class, () -> stream(request(List.of())));

        never.countDown();
        assertEquals(LlmException.Kind.TIMEOUT, e.kind());
        assertEquals("llm_timeout", e.errorType());
    }

    @Test
    void a_stream_without_text_or_tool_call_fails_as_an_empty_response() {
        server.enqueue(ScriptedReply.emptyMessage());

        LlmException e = assertThrows(LlmException.class, () -> stream(request(List.of())));

        assertEquals(LlmException.Kind.EMPTY_RESPONSE, e.kind());
    }

    private List<LlmChunk> stream(LlmRequest request) {
        return providers.client(dev.engram.agent.web.Actor.DEFAULT_ORG, HANDLE).stream(request).collect().asList().await().atMost(WAIT);
    }

    private static String arguments(List<LlmChunk.ToolCallDelta> deltas, int index) {
        return deltas.stream().filter(d -> d.index() == index).map(LlmChunk.ToolCallDelta::argumentsFragment)
                .reduce("", String::concat);
    }
}
