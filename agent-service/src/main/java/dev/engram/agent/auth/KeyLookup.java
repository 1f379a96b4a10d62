package dev.engram.agent.auth;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the key a request presents: checks the format and checksum first (a mistyped or made-up key never reaches
 * the database), then the hash, remembered for {@code engram.auth.key-cache-ttl} so that a busy client costs one
 * lookup every few seconds; a revocation therefore takes effect on every replica within that time (at once on the
 * replica that revoked). Writes {@code last_used_at} at most once per {@code engram.auth.last-used-interval}.
 */
@ApplicationScoped
public class KeyLookup {

    private static final Logger LOG = Logger.getLogger(KeyLookup.class);
    private static final int MAX_CACHED = 10_000;

    private record Cached(Optional<ApiKeyRow> key, Instant readAt) {
    }

    private final ApiKeyRepository keys;
    private final AuthConfig config;
    private final Map<String, Cached> byHash = new ConcurrentHashMap<>();
    private final Map<String, Instant> touched = new ConcurrentHashMap<>();

    public KeyLookup(ApiKeyRepository keys, AuthConfig config) {
        this.keys = keys;
        this.config = config;
    }

    /** The usable key behind the text, or null (malformed, unknown, revoked or expired). */
    public Uni<ApiKeyRow> find(String presented, Instant now) {
        if (!ApiKeys.wellFormed(presented)) {
            return Uni.createFrom().nullItem();
        }
        String hash = ApiKeys.hash(presented);
        Cached cached = byHash.get(hash);
        Uni<Optional<ApiKeyRow>> row = cached != null && cached.readAt.plus(config.keyCacheTtl()).isAfter(now)
                ? Uni.createFrom().item(cached.key)
                : keys.byHash(hash).map(Optional::ofNullable).invoke(k -> remember(hash, k, now));
        return row.map(k -> k.filter(key -> key.usable(now)).orElse(null)).invoke(k -> {
            if (k != null) {
                touch(k, now);
            }
        });
    }

    /** Forgets every remembered lookup of the key (after its revocation on this replica). */
    public void forget(String keyId) {
        byHash.values().removeIf(c -> c.key.map(k -> k.id().equals(keyId)).orElse(false));
    }

    private void remember(String hash, Optional<ApiKeyRow> key, Instant now) {
        if (byHash.size() >= MAX_CACHED) {
            byHash.clear();
        }
        byHash.put(hash, new Cached(key, now));
    }

    private void touch(ApiKeyRow key, Instant now) {
        Instant last = touched.get(key.id());
        Instant notSince = now.minus(config.lastUsedInterval());
        if (last != null && last.isAfter(notSince)) {
            return;
        }
        if (touched.size() >= MAX_CACHED) {
            touched.clear();
        }
        touched.put(key.id(), now);
        keys.touch(key.id(), now, notSince).subscribe().with(v -> { }, e -> LOG.warnf("could not record the use of key %s: %s", key.id(), e));
    }
}
