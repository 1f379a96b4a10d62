package dev.engram.agent.llm;

import dev.engram.agent.llm.LlmException.Kind;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.TimeoutException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Provider failures map to Letta's statuses, stop reasons and streaming error types. */
class LlmErrorsTest {

    @Test
    void each_kind_carries_lettas_status_stop_reason_and_error_type() {
        assertKind(Kind.AUTHENTICATION, 401, "llm_api_error", "llm_authentication");
        assertKind(Kind.RATE_LIMIT, 429, "llm_api_error", "llm_rate_limit");
        assertKind(Kind.TIMEOUT, 504, "llm_api_error", "llm_timeout");
        assertKind(Kind.EMPTY_RESPONSE, 502, "invalid_llm_response", "llm_empty_response");
        assertKind(Kind.CONTEXT_WINDOW_EXCEEDED, 400, "llm_api_error", "context_window_overflow");
        assertKind(Kind.BAD_REQUEST, 400, "llm_api_error", "llm_error");
        assertKind(Kind.UNAVAILABLE, 503, "llm_api_error", "llm_error");
        assertKind(Kind.NOT_CONFIGURED, 400, null, null);
    }

    @Test
    void http_statuses_map_to_kinds_and_only_transient_ones_are_retryable() {
        assertMapped(401, "{\"error\":{\"message\":\"Incorrect API key\"}}", Kind.AUTHENTICATION, false);
        assertMapped(403, "forbidden", Kind.AUTHENTICATION, false);
        assertMapped(429, "{\"error\":{\"message\":\"slow down\"}}", Kind.RATE_LIMIT, true);
        assertMapped(408, "", Kind.TIMEOUT, false);
        assertMapped(504, "gateway timeout", Kind.TIMEOUT, false);
        assertMapped(500, "{\"error\":{\"message\":\"boom\"}}", Kind.UNAVAILABLE, true);
        assertMapped(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
                Kind.UNAVAILABLE, true);
        assertMapped(400, "{\"error\":{\"message\":\"bad tool schema\",\"code\":null}}", Kind.BAD_REQUEST, false);
        assertMapped(404, "{\"error\":{\"message\":\"The model `gpt-9` does not exist\"}}", Kind.BAD_REQUEST, false);
    }

    @Test
    void context_overflow_is_recognised_in_each_providers_words() {
        assertMapped(400, "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens\","
                + "\"code\":\"context_length_exceeded\"}}", Kind.CONTEXT_WINDOW_EXCEEDED, false);
        assertMapped(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"prompt is too long: 210000 tokens > 200000 maximum\"}}", Kind.CONTEXT_WINDOW_EXCEEDED, false);
    }

    @Test
    void the_providers_own_message_is_kept() {
        LlmException e = LlmErrors.map("openai", new HttpException(401,
                "{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":\"invalid_api_key\"}}"));
        assertEquals("openai answered HTTP 401: Incorrect API key provided (invalid_api_key)", e.getMessage());
    }

    @Test
    void wrapped_http_errors_are_found_under_langchain4js_exceptions() {
        LlmException e = LlmErrors.map("openai", new AuthenticationException(new HttpException(401, "no")));
        assertEquals(Kind.AUTHENTICATION, e.kind());
    }

    @Test
    void refused_connections_are_unavailable_and_retryable_and_timeouts_are_not() {
        LlmException refused = LlmErrors.map("ollama", new RuntimeException(new ConnectException("Connection refused")));
        assertEquals(Kind.UNAVAILABLE, refused.kind());
        assertTrue(refused.retryable());

        LlmException timeout = LlmErrors.map("anthropic", new TimeoutException(new java.net.http.HttpTimeoutException("timed out")));
        assertEquals(Kind.TIMEOUT, timeout.kind());
        assertFalse(timeout.retryable());
    }

    @Test
    void langchain4js_verdict_on_a_response_without_choices_is_an_empty_response() {
        LlmException e = LlmErrors.map("openai", new InternalServerException("Chat completion failed: no choices returned"));
        assertEquals(Kind.EMPTY_RESPONSE, e.kind());
    }

    private static void assertKind(Kind kind, int status, String stopReason, String errorType) {
        LlmException e = new LlmException(kind, "x");
        assertEquals(status, e.httpStatus(), kind.name());
        assertEquals(stopReason, e.stopReason(), kind.name());
        assertEquals(errorType, e.errorType(), kind.name());
    }

    private static void assertMapped(int status, String body, Kind kind, boolean retryable) {
        LlmException e = LlmErrors.map("openai", new HttpException(status, body));
        assertEquals(kind, e.kind(), status + " " + body);
        assertEquals(retryable, e.retryable(), status + " " + body);
    }
}
