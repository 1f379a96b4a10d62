package dev.engram.embedding.batch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;

/** Micro-batching of concurrent requests for in-process models. */
@ConfigMapping(prefix = "engram.embedding.batching")
public interface BatchingConfig {

    /** Queue requests and embed them in batches on dedicated lanes; false runs each request on its own thread (the naive baseline). */
    @WithDefault("true")
    boolean enabled();

    /** Most texts a lane takes from the queue at once. */
    @WithDefault("32")
    int maxBatchSize();

    /** How long a lane that found a partial batch waits for more texts before it starts; 0 starts at once. */
    @WithDefault("0ms")
    Duration maxWait();

    /** Texts that may be queued or in flight per model; a request that does not fit is refused with 429. */
    @WithDefault("8192")
    int queueCapacity();

    /** Threads embedding batches per model; defaults to the number of processors. */
    OptionalInt lanes();
}
