package dev.engram.agent.run;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the per-agent queue. */
@ConfigMapping(prefix = "engram.queue")
public interface QueueConfig {

    /** How long a ticket stays valid without a heartbeat (a crashed replica's turn passes after this). */
    @WithDefault("30s")
    Duration lease();

    /** How often a replica refreshes its tickets; well inside the lease. */
    @WithDefault("5s")
    Duration heartbeat();

    /** How long a request may wait for its turn before it is answered 409. */
    @WithDefault("60s")
    Duration maxWait();
}
