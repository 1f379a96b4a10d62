package dev.engram.agent.auth;

import dev.engram.agent.web.Actor;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/**
 * Ensures {@code engram.auth.bootstrap-admin-key} exists as an admin key of the default organization, so that a fresh
 * deployment has one key to create the others with. Idempotent across restarts and replicas: the key is inserted
 * unless a key with its hash exists (a revoked bootstrap key stays revoked).
 */
@Singleton
public class BootstrapKey {

    private static final Logger LOG = Logger.getLogger(BootstrapKey.class);

    private final AuthConfig config;
    private final ApiKeyRepository keys;

    public BootstrapKey(AuthConfig config, ApiKeyRepository keys) {
        this.config = config;
        this.keys = keys;
    }

    void onStart(@Observes StartupEvent event) {
        String key = config.bootstrapAdminKey().map(String::trim).orElse("");
        if (key.isEmpty()) {
            if (config.mode() == AuthConfig.Mode.KEYS) {
                LOG.info("engram.auth.mode=keys without ENGRAM_BOOTSTRAP_ADMIN_KEY: only keys already stored are accepted");
            }
            return;
        }
        if (!ApiKeys.wellFormed(key)) {
            throw new IllegalStateException("ENGRAM_BOOTSTRAP_ADMIN_KEY is not an Engram API key (engram_ + 32 base62 characters"
                    + " + a 6-character checksum); generate one with ./engram up or ApiKeys.generate()");
        }
        String hash = ApiKeys.hash(key);
        ApiKeyRow row = new ApiKeyRow("key-" + UUID.randomUUID(), Actor.DEFAULT_ORG, Actor.DEFAULT_USER, "bootstrap admin key",
                ApiKeys.displayPrefix(key), Role.ADMIN, null, null, null, null, Instant.now());
        boolean inserted = keys.insertIfAbsent(row, hash).await().indefinitely();
        if (inserted) {
            LOG.infof("bootstrap admin key %s… stored for the default organization", row.prefix());
        } else {
            ApiKeyRow existing = keys.byHash(hash).await().indefinitely();
            if (existing != null && !existing.usable(Instant.now())) {
                LOG.warnf("the bootstrap admin key %s… was revoked or has expired: it is not accepted", existing.prefix());
            }
        }
    }
}
