package dev.engram.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.agent.support.llm.ScriptedAnthropicServer;
import dev.engram.agent.support.llm.ScriptedReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real LangChain4j Anthropic client against the scripted Anthropic server. */
class AnthropicProviderTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HANDLE = "anthropic/claude-sonnet-4-5";

    private static ScriptedAnthropicServer server;
    private LlmProviders providers;

    @BeforeAll
    static void start() {
        server = new ScriptedAnthropicServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void configure() {
        server.reset();
        server.requireApiKey("ak-test");
        providers = new LlmProviders(TestLlmConfig.of(
                "anthropic.api-key", "ak-test", "anthropic.base-url", server.baseUrl(), "timeout", "5s"));
    }

    @AfterEach
    void close() {
        providers.close();
    }

    @Test
    void a_text_answer_comes_back_with_its_usage_and_stop_reason() {
        server.enqueue(ScriptedReply.text("Hello, Ann!").withUsage(1200, 7).withCachedTokens(1000));

        LlmResponse response = chat(request(List.of()));

        assertEquals("Hello, Ann!", response.text());
        assertEquals(FinishReason.STOP, response.finishReason());
        assertEquals("claude-sonnet-4-5", response.model());
        // the prompt counts cached tokens too, as OpenAI's prompt_tokens do
        assertEquals(new LlmUsage(1200, 7, 1207, 1000, null), response.usage());
    }

    @Test
    void the_request_reaches_anthropic_in_its_own_form() {
        server.enqueue(ScriptedReply.text("ok"));

        chat(request(List.of(memoryInsert())));

        JsonNode sent = server.lastRequest().body();
        assertEquals("claude-sonnet-4-5", sent.path("model").asText());
        assertEquals(8192, sent.path("max_tokens").asInt(), "Anthropic requires max_tokens: the default is sent");
        assertTrue(sent.path("system").toString().contains("You are a helpful agent."), sent.toString());
        assertEquals("user", sent.path("messages").get(0).path("role").asText());
        JsonNode tool = sent.path("tools").get(0);
        assertEquals("memory_insert", tool.path("name").asText());
        assertEquals(JSON.valueToTree(List.of("label", "text")), tool.path("input_schema").path("required"));
        assertEquals("auto", sent.path("tool_choice").path("type").asText());
        assertEquals("ak-test", server.lastRequest().header("x-api-key"));
    }

    @Test
    void tool_use_blocks_come_back_as_tool_calls_with_their_ids_and_raw_arguments() throws Exception {
        server.enqueue(ScriptedReply.toolCalls(
                call("toolu_01", "memory_insert", "{\"label\":\"human\",\"text\":\"Name: Ann\"}"),
                call("toolu_02", "memory_insert", "{\"label\":\"persona\",\"text\":\"Friendly\"}")));

        LlmResponse response = chat(request(List.of(memoryInsert())));

        assertEquals(FinishReason.TOOL_CALLS, response.finishReason());
        assertEquals(2, response.toolCalls().size());
        ToolCall first = response.toolCalls().getFirst();
        assertEquals("toolu_01", first.id());
        assertEquals("memory_insert", first.name());
        assertEquals(JSON.readTree("{\"label\":\"human\",\"text\":\"Name: Ann\"}"), JSON.readTree(first.arguments()));
        assertEquals("toolu_02", response.toolCalls().get(1).id());
    }

    @Test
    void a_forced_tool_and_serial_tool_use_are_sent_as_anthropic_tool_choice() {
        server.enqueue(ScriptedReply.toolCalls(call("toolu_01", "memory_insert", "{}")));
        LlmRequest forced = new LlmRequest(null, messages(), List.of(memoryInsert()), ToolChoice.tool("memory_insert"),
                null, 256, false);

        chat(forced);

        JsonNode choice = server.lastRequest().body().path("tool_choice");
        assertEquals("tool", choice.path("type").asText());
        assertEquals("memory_insert", choice.path("name").asText());
        assertTrue(choice.path("disable_parallel_tool_use").asBoolean());
        assertEquals(256, server.lastRequest().body().path("max_tokens").asInt());
    }

    @Test
    void max_tokens_as_stop_reason_is_a_length_finish() {
        server.enqueue(ScriptedReply.text("The answer was cut").withFinishReason("max_tokens"));

        assertEquals(FinishReason.LENGTH, chat(request(List.of())).finishReason());
    }

    @Test
    void thinking_blocks_come_back_as_reasoning() {
        server.enqueue(ScriptedReply.text("Hi").withReasoning("The user greets me."));

        assertEquals("The user greets me.", chat(request(List.of())).reasoning());
    }

    @Test
    void a_wrong_key_is_an_authentication_error_and_is_not_retried() {
        server.requireApiKey("another-key");

        LlmException e = assertThrows(LlmException.class, () -> chat(request(List.of())));

        assertEquals(LlmException.Kind.AUTHENTICATION, e.kind());
        assertEquals("llm_authentication", e.errorType());
        assertEquals(1, server.requestCount());
    }

    @Test
    void an_overloaded_anthropic_is_retried_then_succeeds() {
        server.enqueue(ScriptedReply.error(529, "overloaded_error", null, "Overloaded"), ScriptedReply.text("finally"));

        assertEquals("finally", chat(request(List.of())).text());
        assertEquals(2, server.requestCount());
    }

    @Test
    void a_prompt_too_long_is_a_context_window_error() {
        server.enqueue(ScriptedReply.error(400, "invalid_request_error", null, "prompt is too long: 210000 tokens > 200000 maximum"));

        LlmException e = assertThrows(LlmException.class, () -> chat(request(List.of())));

        assertEquals(LlmException.Kind.CONTEXT_WINDOW_EXCEEDED, e.kind());
        assertEquals("context_window_overflow", e.errorType());
    }

    @Test
    void an_empty_content_list_is_an_empty_response() {
        server.enqueue(ScriptedReply.emptyChoices());

        LlmException e = assertThrows(LlmException.class, () -> chat(request(List.of())));

        assertEquals(LlmException.Kind.EMPTY_RESPONSE, e.kind());
        assertEquals("invalid_llm_response", e.stopReason());
    }

    @Test
    void a_stream_delivers_text_and_tool_call_pieces_then_the_whole_answer() {
        server.enqueue(ScriptedReply.text("Let me note that.")
                .withToolCalls(call("toolu_07", "memory_insert", "{\"label\":\"human\",\"text\":\"likes tea\"}"))
                .withUsage(300, 20));

        List<LlmChunk> chunks = providers.client(dev.engram.agent.web.Actor.DEFAULT_ORG, HANDLE).stream(request(List.of(memoryInsert())))
                .collect().asList().await().atMost(WAIT);

        String text = chunks.stream().filter(c -> c instanceof LlmChunk.TextDelta)
                .map(c -> ((LlmChunk.TextDelta) c).text()).reduce("", String::concat);
        assertEquals("Let me note that.", text);
        List<LlmChunk.ToolCallDelta> calls = chunks.stream().filter(c -> c instanceof LlmChunk.ToolCallDelta)
                .map(c -> (LlmChunk.ToolCallDelta) c).toList();
        assertEquals(new LlmChunk.ToolCallDelta(0, "toolu_07", "memory_insert", ""), calls.getFirst());
        assertEquals("{\"label\":\"human\",\"text\":\"likes tea\"}",
                calls.stream().map(LlmChunk.ToolCallDelta::argumentsFragment).reduce("", String::concat));
        LlmChunk.Done done = assertInstanceOf(LlmChunk.Done.class, chunks.getLast());
        assertEquals(FinishReason.TOOL_CALLS, done.response().finishReason());
        assertEquals("toolu_07", done.response().toolCalls().getFirst().id());
        assertEquals(300, done.response().usage().promptTokens());
        assertEquals(20, done.response().usage().completionTokens());
        assertFalse(chunks.subList(0, chunks.size() - 1).stream().anyMatch(c -> c instanceof LlmChunk.Done));
    }

    private LlmResponse chat(LlmRequest request) {
        return providers.client(dev.engram.agent.web.Actor.DEFAULT_ORG, HANDLE).chat(request).await().atMost(WAIT);
    }

    private static LlmRequest request(List<ToolSpec> tools) {
        return new LlmRequest(null, messages(), tools, ToolChoice.AUTO, 0.7, null, null);
    }

    private static List<LlmMessage> messages() {
        return List.of(new LlmMessage.System("You are a helpful agent."), new LlmMessage.User("Hi, I'm Ann"));
    }

    private static ToolSpec memoryInsert() {
        try {
            return new ToolSpec("memory_insert", "Insert text into a memory block", JSON.readTree("""
                    {"type":"object","properties":{"label":{"type":"string"},"text":{"type":"string"}},
                     "required":["label","text"]}"""));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
