package dev.engram.agent.run;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How a replica that is told to stop (SIGTERM) hands over its runs before it exits. */
@ConfigMapping(prefix = "engram.shutdown")
public interface DrainConfig {

    /**
     * How long runs under way may take to reach their next step boundary (where they are handed over) before the process
     * exits anyway; a run still mid-step then is resumed elsewhere once its lease expires. Keep delay + grace under the
     * platform's own grace period (Kubernetes: terminationGracePeriodSeconds, 30 s by default).
     */
    @WithDefault("20s")
    Duration grace();

    /**
     * How long the replica goes on answering, readiness already DOWN, before it refuses requests, so that a load
     * balancer has stopped sending to it (Kubernetes: a few seconds; 0 on one machine).
     */
    @WithDefault("0s")
    Duration delay();
}
