package dev.engram.agent.support.llm;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * What a scripted LLM server answers to one request: content (text, reasoning, tool calls, usage, finish reason) or a
 * fault (an HTTP error, an empty answer), optionally late or held until the test releases it. Immutable; the
 * {@code with...} methods return changed copies. The same reply renders in each server's own wire format.
 *
 * @param finishReason  sent verbatim when set (e.g. {@code length}, or Anthropic's {@code max_tokens}); otherwise
 *                      derived from the content
 * @param promptTokens  null: estimated from the request's size (4 characters a token)
 * @param errorStatus   an HTTP status >= 400 turns the reply into an error with the given type, code and message
 * @param noContent     OpenAI: {@code "choices":[]}; Anthropic: {@code "content":[]}
 */
public record ScriptedReply(String text, String reasoning, List<ToolCall> toolCalls, String finishReason,
                            Integer promptTokens, Integer completionTokens, Integer cachedTokens,
                            Integer reasoningTokens, Duration latency, CountDownLatch hold, Integer errorStatus,
                            String errorType, String errorCode, String errorMessage, boolean noContent) {

    /** A tool call as the model makes it; {@code arguments} is raw JSON text, sent as it is. */
    public record ToolCall(String id, String name, String arguments) {
    }

    public ScriptedReply {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static ScriptedReply text(String text) {
        return new ScriptedReply(text, null, List.of(), null, null, null, null, null, null, null, null, null, null,
                null, false);
    }

    public static ScriptedReply toolCalls(ToolCall... calls) {
        return text(null).withToolCalls(calls);
    }

    public static ToolCall call(String id, String name, String arguments) {
        return new ToolCall(id, name, arguments);
    }

    /** An HTTP error with an error body in the server's format. */
    public static ScriptedReply error(int status, String type, String code, String message) {
        return new ScriptedReply(null, null, List.of(), null, null, null, null, null, null, null, status, type, code,
                message, false);
    }

    public static ScriptedReply unauthorized() {
        return error(401, "authentication_error", "invalid_api_key", "Incorrect API key provided");
    }

    public static ScriptedReply rateLimited() {
        return error(429, "rate_limit_error", "rate_limit_exceeded", "Rate limit reached, retry later");
    }

    public static ScriptedReply serverError() {
        return error(500, "server_error", null, "The server had an error while processing your request");
    }

    public static ScriptedReply contextLengthExceeded() {
        return error(400, "invalid_request_error", "context_length_exceeded",
                "This model's maximum context length is 128000 tokens, your messages resulted in 131000 tokens");
    }

    /** A 200 answer without any choice (OpenAI) or content block (Anthropic). */
    public static ScriptedReply emptyChoices() {
        return new ScriptedReply(null, null, List.of(), null, null, null, null, null, null, null, null, null, null,
                null, true);
    }

    /** A 200 answer whose message has neither text nor tool call. */
    public static ScriptedReply emptyMessage() {
        return text(null);
    }

    public ScriptedReply withToolCalls(ToolCall... calls) {
        return new ScriptedReply(text, reasoning, List.of(calls), finishReason, promptTokens, completionTokens,
                cachedTokens, reasoningTokens, latency, hold, errorStatus, errorType, errorCode, errorMessage, noContent);
    }

    public ScriptedReply withReasoning(String newReasoning) {
        return new ScriptedReply(text, newReasoning, toolCalls, finishReason, promptTokens, completionTokens,
                cachedTokens, reasoningTokens, latency, hold, errorStatus, errorType, errorCode, errorMessage, noContent);
    }

    public ScriptedReply withFinishReason(String reason) {
        return new ScriptedReply(text, reasoning, toolCalls, reason, promptTokens, completionTokens,
                cachedTokens, reasoningTokens, latency, hold, errorStatus, errorType, errorCode, errorMessage, noContent);
    }

    public ScriptedReply withUsage(int prompt, int completion) {
        return new ScriptedReply(text, reasoning, toolCalls, finishReason, prompt, completion,
                cachedTokens, reasoningTokens, latency, hold, errorStatus, errorType, errorCode, errorMessage, noContent);
    }

    public ScriptedReply withCachedTokens(int cached) {
        return new ScriptedReply(text, reasoning, toolCalls, finishReason, promptTokens, completionTokens,
                cached, reasoningTokens, latency, hold, errorStatus, errorType, errorCode, errorMessage, noContent);
    }

    public ScriptedReply withReasoningTokens(int tokens) {
        return new ScriptedReply(text, reasoning, toolCalls, finishReason, promptTokens, completionTokens,
                cachedTokens, tokens, latency, hold, errorStatus, errorType, errorCode, errorMessage, noContent);
    }

    /** Waits this long before answering (on top of the server's own latency). */
    public ScriptedReply withLatency(Duration delay) {
        return new ScriptedReply(text, reasoning, toolCalls, finishReason, promptTokens, completionTokens,
                cachedTokens, reasoningTokens, delay, hold, errorStatus, errorType, errorCode, errorMessage, noContent);
    }

    /**
     * Keeps the request open, before any byte of the answer, until {@code latch} is counted down (or the server is
     * reset or closed).
     */
    public ScriptedReply heldUntil(CountDownLatch latch) {
        return new ScriptedReply(text, reasoning, toolCalls, finishReason, promptTokens, completionTokens,
                cachedTokens, reasoningTokens, latency, latch, errorStatus, errorType, errorCode, errorMessage, noContent);
    }

    boolean isError() {
        return errorStatus != null;
    }
}
