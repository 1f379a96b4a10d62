package dev.engram.agent.llm;

/**
 * Why an LLM call (or the choice of a model) failed, with what each layer needs to report it: the HTTP status for a
 * synchronous request, Letta's {@code stop_reason} for the run and the {@code error_type} of a streamed
 * {@code error_message}.
 */
public class LlmException extends RuntimeException {

    /** The failure kinds, each with its HTTP status, Letta stop reason and streaming error type. */
    public enum Kind {
        AUTHENTICATION(401, "llm_api_error", "llm_authentication"),
        RATE_LIMIT(429, "llm_api_error", "llm_rate_limit"),
        TIMEOUT(504, "llm_api_error", "llm_timeout"),
        /** The model answered with neither text nor a tool call. */
        EMPTY_RESPONSE(502, "invalid_llm_response", "llm_empty_response"),
        /** The provider answered with something that is not a valid response (e.g. unparseable JSON). */
        INVALID_RESPONSE(502, "invalid_llm_response", "llm_error"),
        /**
         * The prompt does not fit the model's window. The caller is expected to compact and retry; the stop reason
         * only applies when it gives up.
         */
        CONTEXT_WINDOW_EXCEEDED(400, "llm_api_error", "context_window_overflow"),
        BAD_REQUEST(400, "llm_api_error", "llm_error"),
        /** HTTP 5xx, connection refused or reset, unknown host. */
        UNAVAILABLE(503, "llm_api_error", "llm_error"),
        /**
         * The handle names a provider this deployment has no credentials for. Raised before any call, so it has no
         * stop reason or error type of its own.
         */
        NOT_CONFIGURED(400, null, null);

        private final int httpStatus;
        private final String stopReason;
        private final String errorType;

        Kind(int httpStatus, String stopReason, String errorType) {
            this.httpStatus = httpStatus;
            this.stopReason = stopReason;
            this.errorType = errorType;
        }
    }

    private final Kind kind;
    private final boolean retryable;

    public LlmException(Kind kind, String message) {
        this(kind, message, null, false);
    }

    public LlmException(Kind kind, String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.kind = kind;
        this.retryable = retryable;
    }

    public Kind kind() {
        return kind;
    }

    public int httpStatus() {
        return kind.httpStatus;
    }

    /** Letta's run stop reason; null for {@link Kind#NOT_CONFIGURED}. */
    public String stopReason() {
        return kind.stopReason;
    }

    /** The {@code error_type} of Letta's streamed {@code error_message}; null for {@link Kind#NOT_CONFIGURED}. */
    public String errorType() {
        return kind.errorType;
    }

    /** Whether trying again may help: connection failures, HTTP 429 and 5xx. */
    public boolean retryable() {
        return retryable;
    }
}
