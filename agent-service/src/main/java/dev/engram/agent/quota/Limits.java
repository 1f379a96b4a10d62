package dev.engram.agent.quota;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Each organization's effective limits: its own row, else the configured defaults. Cached per replica for
 * {@code engram.quota.cache-ttl}, so the hot path reads memory, not the database; a change made here shows at once,
 * one made on another replica within the TTL.
 */
@ApplicationScoped
public class Limits {

    private record Cached(OrgLimits limits, long until) {
    }

    private final QuotaRepository repository;
    private final OrgLimits defaults;
    private final long ttlNanos;
    private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();

    public Limits(QuotaRepository repository, QuotaConfig config) {
        this.repository = repository;
        this.defaults = config.defaults();
        this.ttlNanos = config.cacheTtl().toNanos();
    }

    /** The limits when cached and fresh, else null (then {@link #of} reads them). */
    public OrgLimits cached(String org) {
        Cached c = cache.get(org);
        return c != null && c.until - System.nanoTime() > 0 ? c.limits : null;
    }

    public Uni<OrgLimits> of(String org) {
        OrgLimits hit = cached(org);
        if (hit != null) {
            return Uni.createFrom().item(hit);
        }
        return stored(org).invoke(l -> cache.put(org, new Cached(l, System.nanoTime() + ttlNanos)));
    }

    /** Read from the database, not the cache. */
    public Uni<OrgLimits> stored(String org) {
        return repository.limits(org).map(own -> own != null ? own : defaults);
    }

    /** Stores the organization's limits and forgets the cached ones. */
    public Uni<OrgLimits> store(String org, OrgLimits limits) {
        return repository.store(org, limits).invoke(() -> cache.remove(org)).replaceWith(limits);
    }
}
