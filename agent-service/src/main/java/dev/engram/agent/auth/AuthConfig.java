package dev.engram.agent.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code engram.auth.*}: how callers of the public API prove who they are. */
@ConfigMapping(prefix = "engram.auth")
public interface AuthConfig {

    enum Mode { KEYS, PASSWORD, NONE }

    /** {@code keys} (API keys, the default), {@code password} (Letta's single server password) or {@code none}. */
    @WithDefault("keys")
    Mode mode();

    /** The password of {@code password} mode ({@code LETTA_SERVER_PASSWORD}). */
    Optional<String> password();

    /** A key ensured at start as an admin key of the default organization ({@code ENGRAM_BOOTSTRAP_ADMIN_KEY}). */
    Optional<String> bootstrapAdminKey();

    /** How long a looked-up key is trusted before it is read again: a revocation takes effect within this time. */
    @WithDefault("5s")
    Duration keyCacheTtl();

    /** last_used_at is written at most once per this interval per key. */
    @WithDefault("60s")
    Duration lastUsedInterval();
}
