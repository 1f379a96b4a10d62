package dev.engram.embedding.remote;

import dev.engram.embedding.service.EmbeddingFailure;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Wraps every call to one remote model: retries retriable failures with exponential backoff and jitter, and keeps a
 * circuit breaker so that a provider that is down costs callers a fast 503 instead of a timeout each.
 * The per-attempt timeout is the HTTP client's; with both bounded, no request can hang.
 */
final class RemoteCallGuard {

    private final String handle;
    private final int maxAttempts;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;
    private final CircuitBreaker breaker;

    RemoteCallGuard(String handle, RemoteConfig config) {
        this.handle = handle;
        this.maxAttempts = Math.max(1, config.maxAttempts());
        this.initialBackoffMillis = config.initialBackoff().toMillis();
        this.maxBackoffMillis = config.maxBackoff().toMillis();
        this.breaker = new CircuitBreaker(config.breakerFailures(), config.breakerOpenFor(), System::nanoTime);
    }

    <T> T call(Callable<T> action) {
        long backoff = initialBackoffMillis;
        for (int attempt = 1; ; attempt++) {
            if (!breaker.tryAcquire()) {
                long retryAfter = breaker.retryAfterSeconds();
                throw EmbeddingFailure.upstream(503, handle + " is unavailable: its circuit is open after repeated"
                        + " failures; retry in " + retryAfter + " s", OptionalLong.of(retryAfter), null);
            }
            RemoteFailure failure;
            Exception error;
            try {
                T result = action.call();
                breaker.onSuccess();
                return result;
            } catch (Exception e) {
                error = e;
                failure = RemoteFailure.of(e);
            }
            if (!failure.retriable()) {
                breaker.onSuccess(); // the provider answered; the request itself was refused
                throw fail(failure, attempt, error);
            }
            breaker.onFailure();
            if (attempt >= maxAttempts || breaker.isOpen()) {
                throw fail(failure, attempt, error);
            }
            sleep(jittered(backoff));
            backoff = Math.min(maxBackoffMillis, backoff * 2);
        }
    }

    private EmbeddingFailure fail(RemoteFailure failure, int attempts, Exception cause) {
        String detail = handle + " failed after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ")
                + failure.reason();
        OptionalLong retryAfter = failure.status() == 503 ? OptionalLong.of(1) : OptionalLong.empty();
        return EmbeddingFailure.upstream(failure.status(), detail, retryAfter, cause);
    }

    private static long jittered(long millis) {
        return (long) (millis * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Duration.ofMillis(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EmbeddingFailure.upstream(503, "interrupted while waiting to retry", OptionalLong.of(1), e);
        }
    }
}
