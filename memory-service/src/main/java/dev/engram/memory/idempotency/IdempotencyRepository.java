package dev.engram.memory.idempotency;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Stored results of mutating calls, keyed by (organization, Idempotency-Key). */
@ApplicationScoped
public class IdempotencyRepository {

    /** A stored result; {@code body} is JSON text. */
    public record Stored(String fingerprint, int status, String body) {
    }

    /** Serializes every call with the same key until the surrounding transaction ends. */
    public Uni<Void> lock(String org, String key) {
        return Panache.getSession().chain(s -> s
                .createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))) AS l", Long.class)
                .setParameter(1, org + " " + key)
                .getSingleResult()).replaceWithVoid();
    }

    public Uni<Stored> find(String org, String key) {
        return Panache.getSession().chain(s -> s
                .createNativeQuery("SELECT fingerprint, status, body FROM memory.idempotency_keys "
                        + "WHERE organization_id = ?1 AND key = ?2", Object[].class)
                .setParameter(1, org).setParameter(2, key)
                .getResultList()
                .map(rows -> rows.isEmpty() ? null
                        : new Stored((String) rows.getFirst()[0], ((Number) rows.getFirst()[1]).intValue(), (String) rows.getFirst()[2])));
    }

    public Uni<Void> save(String org, String key, String fingerprint, int status, String body) {
        return Panache.getSession().chain(s -> s
                .createNativeQuery("INSERT INTO memory.idempotency_keys (organization_id, key, fingerprint, status, body, created_at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, org).setParameter(2, key).setParameter(3, fingerprint)
                .setParameter(4, status).setParameter(5, body)
                .setParameter(6, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC))
                .executeUpdate()).replaceWithVoid();
    }

    /** Forgets keys older than the cut-off; returns how many. */
    public Uni<Integer> deleteOlderThan(Instant cutoff) {
        return Panache.getSession().chain(s -> s
                .createNativeQuery("DELETE FROM memory.idempotency_keys WHERE created_at < ?1")
                .setParameter(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
                .executeUpdate());
    }
}
