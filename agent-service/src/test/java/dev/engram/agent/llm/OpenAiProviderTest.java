package dev.engram.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real OpenAI client path against the scripted OpenAI server. A Quarkus test because, in this service, LangChain4j's
 * OpenAI models run on the Quarkus LangChain4j extension's REST client, which needs the running application.
 */
@QuarkusTest
class OpenAiProviderTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String HANDLE = "openai/gpt-4o-mini";

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
        server.requireApiKey("sk-test");
        providers = new LlmProviders(TestLlmConfig.of(
                "openai.api-key", "sk-test", "openai.base-url", server.baseUrl(), "timeout", "2s"));
    }

    @AfterEach
    void close() {
        providers.close();
    }

    @Test
    void a_text_answer_comes_back_with_its_usage_and_stop_reason() {
        server.enqueue(ScriptedReply.text("Nice to meet you, Ann!").withUsage(5210, 61));

        LlmResponse response = chat(request(List.of()));

        assertEquals("Nice to meet you, Ann!", response.text());
        assertTrue(response.toolCalls().isEmpty());
        assertEquals(FinishReason.STOP, response.finishReason());
        assertEquals("gpt-4o-mini", response.model());
        assertEquals(new LlmUsage(5210, 61, 5271, 0, 0), response.usage());
    }

    @Test
    void the_conversation_reaches_the_server_in_openai_form() {
        server.enqueue(ScriptedReply.text("ok"));
        List<LlmMessage> conversation = List.of(
                new LlmMessage.System("You are a helpful agent."),
                new LlmMessage.User("I'm Ann"),
                new LlmMessage.Assistant(null, null, List.of(new ToolCall("call_1", "memory_insert", "{\"label\":\"human\"}"))),
                new LlmMessage.ToolResult("call_1", "memory_insert", "done"),
                new LlmMessage.User("What is my name?", List.of(LlmMessage.Image.ofUrl("https://example.org/ann.png"))));

        chat(new LlmRequest(null, conversation, List.of(), ToolChoice.AUTO, 0.3, 500, null));

        JsonNode sent = server.lastRequest().body();
        assertEquals("gpt-4o-mini", sent.path("model").asText());
        assertEquals(0.3, sent.path("temperature").asDouble());
        // a custom base URL is an OpenAI-compatible server: the classic max_tokens
        assertEquals(500, sent.path("max_tokens").asInt());
        JsonNode messages = sent.path("messages");
        assertEquals(List.of("system", "user", "assistant", "tool", "user"),
                messages.findValuesAsText("role"));
        assertEquals("call_1", messages.get(2).path("tool_calls").get(0).path("id").asText());
        assertEquals("{\"label\":\"human\"}", messages.get(2).path("tool_calls").get(0).path("function").path("arguments").asText());
        assertEquals("call_1", messages.get(3).path("tool_call_id").asText());
        assertEquals("done", messages.get(3).path("content").asText());
        assertEquals("https://example.org/ann.png", messages.get(4).path("content").get(1).path("image_url").path("url").asText());
        assertFalse(sent.has("tools"), "no tools, no tool fields");
        assertFalse(sent.has("tool_choice"));
        assertFalse(sent.has("parallel_tool_calls"));
        assertEquals("Bearer sk-test", server.lastRequest().header("Authorization"));
    }

    @Test
    void tool_calls_come_back_with_their_ids_and_raw_arguments() {
        server.enqueue(ScriptedReply.toolCalls(
                call("call_a1", "memory_insert", "{\"label\": \"human\", \"text\": \"Name: Ann\"}"),
                call("call_a2", "archival_memory_insert", "{\"content\": \"Ann likes tea\"}")));

        LlmResponse response = chat(request(List.of(memoryInsert())));

        assertEquals(FinishReason.TOOL_CALLS, response.finishReason());
        assertNull(response.text());
        assertEquals(List.of(
                new ToolCall("call_a1", "memory_insert", "{\"label\": \"human\", \"text\": \"Name: Ann\"}"),
                new ToolCall("call_a2", "archival_memory_insert", "{\"content\": \"Ann likes tea\"}")), response.toolCalls());
    }

    @Test
    void tool_schemas_reach_the_server_unchanged() throws Exception {
        server.enqueue(ScriptedReply.text("ok"));
        JsonNode nested = JSON.readTree(ToolSchemasTest.NESTED);
        JsonNode loose = JSON.readTree("""
                {"type":"object","properties":{
                   "limit":{"type":"integer","minimum":1,"default":10},
                   "level":{"type":"integer","enum":[1,2,3]},
                   "maybe":{"type":["string","null"]},
                   "choice":{"anyOf":[{"type":"string"},{"type":"integer","minimum":0}]}},
                 "required":["limit"]}""");

        chat(request(List.of(new ToolSpec("memory_insert", "Insert text", nested), new ToolSpec("search", "Search", loose))));

        JsonNode tools = server.lastRequest().body().path("tools");
        assertEquals("function", tools.get(0).path("type").asText());
        assertEquals("memory_insert", tools.get(0).path("function").path("name").asText());
        assertEquals("Insert text", tools.get(0).path("function").path("description").asText());
        assertEquals(nested, tools.get(0).path("function").path("parameters"));
        assertEquals(loose, tools.get(1).path("function").path("parameters"));
    }

    @Test
    void tool_choice_and_parallel_tool_calls_are_sent_as_asked() {
        server.enqueue(ScriptedReply.text("a"), ScriptedReply.text("b"), ScriptedReply.text("c"));

        chat(new LlmRequest(null, messages(), List.of(memoryInsert()), ToolChoice.REQUIRED, null, null, false));
        JsonNode required = server.lastRequest().body();
        chat(new LlmRequest(null, messages(), List.of(memoryInsert()), ToolChoice.NONE, null, null, true));
        JsonNode none = server.lastRequest().body();
        chat(new LlmRequest(null, messages(), List.of(memoryInsert()), ToolChoice.tool("memory_insert"), null, null, null));
        JsonNode forced = server.lastRequest().body();

        assertEquals("required", required.path("tool_choice").asText());
        assertFalse(required.path("parallel_tool_calls").asBoolean(true));
        assertEquals("none", none.path("tool_choice").asText());
        assertTrue(none.path("parallel_tool_calls").asBoolean(false));
        assertEquals("function", forced.path("tool_choice").path("type").asText());
        assertEquals("memory_insert", forced.path("tool_choice").path("function").path("name").asText());
    }

    @Test
    void cached_and_reasoning_tokens_are_reported() {
        server.enqueue(ScriptedReply.text("ok").withUsage(4000, 90).withCachedTokens(3584).withReasoningTokens(64)
                .withReasoning("The user wants a short answer."));

        LlmResponse response = chat(request(List.of()));

        assertEquals(new LlmUsage(4000, 90, 4090, 3584, 64), response.usage());
        assertEquals("The user wants a short answer.", response.reasoning());
    }

    @Test
    void an_answer_cut_by_the_token_limit_finishes_with_length() {
        server.enqueue(ScriptedReply.text("The first half of").withFinishReason("length"));

        LlmResponse response = chat(request(List.of()));

        assertEquals(FinishReason.LENGTH, response.finishReason());
        assertEquals("The first half of", response.text());
    }

    @Test
    void a_wrong_key_is_an_authentication_error_and_is_not_retried() {
        server.enqueue(ScriptedReply.unauthorized());

        LlmException e = failure(request(List.of()));

        assertEquals(LlmException.Kind.AUTHENTICATION, e.kind());
        assertEquals(401, e.httpStatus());
        assertEquals("llm_api_error", e.stopReason());
        assertEquals("llm_authentication", e.errorType());
        assertTrue(e.getMessage().contains("Incorrect API key provided"), e.getMessage());
        assertEquals(1, server.requestCount());
    }

    @Test
    void a_rate_limit_is_retried_twice_then_reported() {
        server.enqueue(ScriptedReply.rateLimited(), ScriptedReply.rateLimited(), ScriptedReply.rateLimited());

        LlmException e = failure(request(List.of()));

        assertEquals(LlmException.Kind.RATE_LIMIT, e.kind());
        assertEquals(429, e.httpStatus());
        assertEquals("llm_rate_limit", e.errorType());
        assertEquals(3, server.requestCount());
    }

    @Test
    void a_server_error_is_retried_and_the_next_answer_counts() {
        server.enqueue(ScriptedReply.serverError(), ScriptedReply.text("recovered"));

        assertEquals("recovered", chat(request(List.of())).text());
        assertEquals(2, server.requestCount());
    }

    @Test
    void a_server_that_keeps_failing_is_unavailable() {
        server.defaultReply(request -> ScriptedReply.serverError());

        LlmException e = failure(request(List.of()));

        assertEquals(LlmException.Kind.UNAVAILABLE, e.kind());
        assertEquals(503, e.httpStatus());
        assertEquals(3, server.requestCount());
    }

    @Test
    void a_bad_request_is_reported_at_once() {
        server.enqueue(ScriptedReply.error(400, "invalid_request_error", null, "Invalid schema for function 'x'"));

        LlmException e = failure(request(List.of()));

        assertEquals(LlmException.Kind.BAD_REQUEST, e.kind());
        assertEquals("llm_error", e.errorType());
        assertEquals(1, server.requestCount());
    }

    @Test
    void a_context_length_error_tells_the_caller_to_compact() {
        server.enqueue(ScriptedReply.contextLengthExceeded());

        LlmException e = failure(request(List.of()));

        assertEquals(LlmException.Kind.CONTEXT_WINDOW_EXCEEDED, e.kind());
        assertEquals(400, e.httpStatus());
        assertEquals("context_window_overflow", e.errorType());
        assertEquals(1, server.requestCount());
    }

    @Test
    void an_answer_that_does_not_come_in_time_is_a_timeout() {
        CountDownLatch never = new CountDownLatch(1);
        server.enqueue(ScriptedReply.text("too late").heldUntil(never));

        LlmException e = failure(request(List.of()));

        never.countDown();
        assertEquals(LlmException.Kind.TIMEOUT, e.kind());
        assertEquals(504, e.httpStatus());
        assertEquals("llm_timeout", e.errorType());
        assertEquals(1, server.requestCount());
    }

    @Test
    void an_answer_without_text_or_tool_call_is_an_empty_response() {
        server.enqueue(ScriptedReply.emptyMessage());

        LlmException e = failure(request(List.of()));

        assertEquals(LlmException.Kind.EMPTY_RESPONSE, e.kind());
        assertEquals(502, e.httpStatus());
        assertEquals("invalid_llm_response", e.stopReason());
        assertEquals("llm_empty_response", e.errorType());
    }

    @Test
    void an_answer_without_choices_is_an_empty_response() {
        server.enqueue(ScriptedReply.emptyChoices());

        assertEquals(LlmException.Kind.EMPTY_RESPONSE, failure(request(List.of())).kind());
        assertEquals(1, server.requestCount());
    }

    @Test
    void a_server_that_refuses_connections_is_unavailable() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (LlmProviders unreachable = new LlmProviders(TestLlmConfig.of(
                "openai.base-url", "http://127.0.0.1:" + closed + "/v1", "timeout", "2s"))) {

            LlmException e = assertThrows(LlmException.class, () -> unreachable.client(dev.engram.agent.web.Actor.DEFAULT_ORG, HANDLE)
                    .chat(request(List.of())).await().atMost(WAIT));

            assertEquals(LlmException.Kind.UNAVAILABLE, e.kind());
            assertTrue(e.retryable());
        }
    }

    @Test
    void a_local_server_without_a_key_gets_no_authorization_header() {
        server.requireApiKey(null);
        try (LlmProviders local = new LlmProviders(TestLlmConfig.of("openai.base-url", server.baseUrl()))) {
            assertEquals("ok", local.client(dev.engram.agent.web.Actor.DEFAULT_ORG, "openai/qwen2.5-7b-instruct").chat(request(List.of())).await().atMost(WAIT).text());
        }
        assertNull(server.lastRequest().header("Authorization"));
        assertEquals("qwen2.5-7b-instruct", server.lastRequest().body().path("model").asText());
    }

    LlmResponse chat(LlmRequest request) {
        return providers.client(dev.engram.agent.web.Actor.DEFAULT_ORG, HANDLE).chat(request).await().atMost(WAIT);
    }

    LlmException failure(LlmRequest request) {
        return assertThrows(LlmException.class, () -> chat(request));
    }

    static LlmRequest request(List<ToolSpec> tools) {
        return new LlmRequest(null, messages(), tools, ToolChoice.AUTO, null, null, null);
    }

    static List<LlmMessage> messages() {
        return List.of(new LlmMessage.System("You are a helpful agent."), new LlmMessage.User("Hi, I'm Ann"));
    }

    static ToolSpec memoryInsert() {
        try {
            return new ToolSpec("memory_insert", "Insert text into a memory block", JSON.readTree("""
                    {"type":"object","properties":{"label":{"type":"string"},"text":{"type":"string"}},
                     "required":["label","text"]}"""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
