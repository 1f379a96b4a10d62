package dev.engram.embedding.service;

import java.util.OptionalLong;

/**
 * A request that cannot be served, with the HTTP status the API answers and a detail naming the cause.
 * Mapped to {@code {"detail": ...}} in one place ({@code api.ErrorMappers}).
 */
public final class EmbeddingFailure extends RuntimeException {

    private final int status;
    private final OptionalLong retryAfterSeconds;

    private EmbeddingFailure(int status, String detail, OptionalLong retryAfterSeconds, Throwable cause) {
        super(detail, cause, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 400: a model handle that this deployment cannot route. */
    public static EmbeddingFailure badRequest(String detail) {
        return new EmbeddingFailure(400, detail, OptionalLong.empty(), null);
    }

    /** 413: the request is larger than the service accepts. */
    public static EmbeddingFailure tooLarge(String detail) {
        return new EmbeddingFailure(413, detail, OptionalLong.empty(), null);
    }

    /** 422: a field of the request is invalid; the detail starts with the field's name. */
    public static EmbeddingFailure invalid(String detail) {
        return new EmbeddingFailure(422, detail, OptionalLong.empty(), null);
    }

    /** 429: the local queue is full; nothing of the request was queued. */
    public static EmbeddingFailure overloaded(String detail, long retryAfterSeconds) {
        return new EmbeddingFailure(429, detail, OptionalLong.of(retryAfterSeconds), null);
    }

    /** 503: the model cannot serve now (a local model that failed to load). */
    public static EmbeddingFailure unavailable(String detail, Throwable cause) {
        return new EmbeddingFailure(503, detail, OptionalLong.of(30), cause);
    }

    /** 502 (bad answer), 503 (unavailable, with Retry-After) or 504 (timeout) from a remote provider. */
    public static EmbeddingFailure upstream(int status, String detail, OptionalLong retryAfterSeconds, Throwable cause) {
        return new EmbeddingFailure(status, detail, retryAfterSeconds, cause);
    }

    public int status() {
        return status;
    }

    public OptionalLong retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
