package dev.engram.agent.usage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code engram.usage.*}: whether usage events are written at all (a self-hoster who bills nobody may turn it off). */
@ConfigMapping(prefix = "engram.usage")
public interface UsageConfig {

    /** {@code ENGRAM_METERING}: false writes no usage events (steps, tools, embeddings, daily snapshots). */
    @WithDefault("true")
    boolean enabled();
}
