package dev.engram.embedding.remote;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How calls to remote providers are bounded: a timeout per attempt, retries with backoff, a circuit breaker per model. */
@ConfigMapping(prefix = "engram.embedding.remote")
public interface RemoteConfig {

    /** Connect and read timeout of one attempt; a request that runs out of attempts on timeouts gets 504. */
    @WithDefault("10s")
    Duration timeout();

    /** Attempts per request on a retriable failure (5xx, 408, 429, timeout, connection error), the first included. */
    @WithDefault("3")
    int maxAttempts();

    /** Wait before the second attempt; it doubles for each further one (with +-20% jitter). */
    @WithDefault("250ms")
    Duration initialBackoff();

    /** Longest wait between two attempts. */
    @WithDefault("2s")
    Duration maxBackoff();

    /** Consecutive failed attempts that open a model's circuit; while open, requests get 503 at once. */
    @WithDefault("5")
    int breakerFailures();

    /** How long an open circuit stays open before one trial call may close it again. */
    @WithDefault("30s")
    Duration breakerOpenFor();
}
