package dev.engram.agent.run;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Provider traces: each step's model request and answer, kept for {@link #retention()} (Letta keeps them by default). */
@ConfigMapping(prefix = "engram.provider-traces")
public interface ProviderTraceConfig {

    /** {@code ENGRAM_PROVIDER_TRACES_ENABLED}: false keeps none (GET /v1/steps/{id}/trace answers null). */
    @WithDefault("true")
    boolean enabled();

    /** {@code ENGRAM_PROVIDER_TRACES_RETENTION}: how long a trace is kept before it is pruned. */
    @WithDefault("14d")
    Duration retention();
}
