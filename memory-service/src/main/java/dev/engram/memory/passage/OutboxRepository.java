package dev.engram.memory.passage;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Pending index work, and the index state kept beside it. */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntry, Long> {

    /**
     * The oldest pending entries, locked for this transaction. The background sync (no owner) skips entries another
     * worker holds, so replicas share the work without doing it twice. One owner's drain (a search that must see its
     * own writes) waits for them instead: once the holder commits, they are in the index and gone from the outbox.
     * Locks are taken in {@code seq} order either way, so two drains never deadlock.
     */
    public Uni<List<OutboxEntry>> claim(int limit, String org, String agentId) {
        String where = org == null ? "" : " WHERE organization_id = ?1 AND agent_id = ?2";
        String lock = org == null ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE";
        return getSession().chain(s -> {
            var q = s.createNativeQuery("SELECT * FROM memory.index_outbox" + where + " ORDER BY seq LIMIT " + limit
                    + lock, OutboxEntry.class);
            if (org != null) {
                q.setParameter(1, org).setParameter(2, agentId);
            }
            return q.getResultList();
        });
    }

    public Uni<Boolean> hasPending(String org, String agentId) {
        return count("organizationId = ?1 and agentId = ?2", org, agentId).map(n -> n > 0);
    }

    public Uni<Long> pending() {
        return count();
    }

    public Uni<Long> maxSeq() {
        return getSession().chain(s -> s.createNativeQuery("SELECT COALESCE(MAX(seq), 0) FROM memory.index_outbox", Long.class)
                .getSingleResult());
    }

    /** The watermark PostgreSQL knows the index reached (0 if never). */
    public Uni<Long> appliedWatermark() {
        return getSession().chain(s -> s.createNativeQuery("SELECT applied_watermark FROM memory.index_state WHERE id = 1", Long.class)
                .getResultList()).map(rows -> rows.isEmpty() ? 0L : rows.getFirst());
    }

    /** Raises the recorded watermark; it never moves backwards. */
    public Uni<Void> recordWatermark(long watermark) {
        return getSession().chain(s -> s.createNativeQuery("INSERT INTO memory.index_state (id, applied_watermark, updated_at) "
                        + "VALUES (1, ?1, ?2) ON CONFLICT (id) DO UPDATE SET applied_watermark = GREATEST(memory.index_state.applied_watermark, "
                        + "EXCLUDED.applied_watermark), updated_at = EXCLUDED.updated_at")
                .setParameter(1, watermark).setParameter(2, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC))
                .executeUpdate()).replaceWithVoid();
    }

    /** After a full rebuild: the index holds everything up to this point. */
    public Uni<Void> resetWatermark(long watermark) {
        return getSession().chain(s -> s.createNativeQuery("INSERT INTO memory.index_state (id, applied_watermark, updated_at) "
                        + "VALUES (1, ?1, ?2) ON CONFLICT (id) DO UPDATE SET applied_watermark = EXCLUDED.applied_watermark, "
                        + "updated_at = EXCLUDED.updated_at")
                .setParameter(1, watermark).setParameter(2, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC))
                .executeUpdate()).replaceWithVoid();
    }
}
