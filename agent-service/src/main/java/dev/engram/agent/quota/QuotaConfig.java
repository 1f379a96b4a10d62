package dev.engram.agent.quota;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Default limits of an organization that has none of its own (all unlimited unless set, so a self-hosted server
 * limits nothing), and how long a replica trusts the limits it read.
 */
@ConfigMapping(prefix = "engram.quota")
public interface QuotaConfig {

    /** Requests per minute (token bucket refill rate); unset = unlimited. */
    OptionalLong requestsPerMinute();

    /** Bucket size: requests allowed at once; unset = requests_per_minute. */
    OptionalLong burst();

    /** Runs created or running at the same time. */
    OptionalLong concurrentRuns();

    /** Agent steps per calendar month (UTC). */
    OptionalLong monthlySteps();

    /** LLM tokens (prompt + completion) per calendar month (UTC). */
    OptionalLong monthlyTokens();

    /** Archival passages kept, over all the organization's agents. */
    OptionalLong storagePassages();

    /** How long a replica caches an organization's limits (a change made on another replica shows after this). */
    @WithDefault("5s")
    Duration cacheTtl();

    default OrgLimits defaults() {
        return new OrgLimits(of(requestsPerMinute()), of(burst()), of(concurrentRuns()), of(monthlySteps()), of(monthlyTokens()),
                of(storagePassages()));
    }

    private static Long of(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }
}
