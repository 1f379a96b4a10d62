package dev.engram.memory.index;

import java.util.List;

/**
 * The archival-memory search index: derived data rebuilt from PostgreSQL, never the source of truth.
 *
 * <p>Methods block; callers run them on worker threads. A change method returns only once its changes are durable
 * and visible to the next {@link #search} (read-your-writes). If it throws, nothing is acknowledged: the caller
 * retries the same changes, which are idempotent. Passages are identified by (organization, passage id).
 */
public interface VectorIndex extends AutoCloseable {

    /** Passed as watermark when a batch does not advance it. */
    long NO_WATERMARK = -1;

    /**
     * Applies the changes in order, makes them durable and visible, then records {@code watermark} (when not
     * {@link #NO_WATERMARK}) as the highest outbox sequence number whose changes are all in the index. The stored
     * watermark never moves backwards, except through {@link #clear()}.
     */
    void apply(List<IndexChange> changes, long watermark);

    default void upsert(List<IndexedPassage> passages) {
        upsert(passages, NO_WATERMARK);
    }

    default void upsert(List<IndexedPassage> passages, long watermark) {
        apply(passages.stream().<IndexChange>map(IndexChange.Upsert::new).toList(), watermark);
    }

    /** Removes passages of one organization; ids of another organization are left alone. */
    default void delete(String organizationId, List<String> passageIds) {
        apply(passageIds.stream().<IndexChange>map(id -> new IndexChange.Delete(organizationId, id)).toList(),
                NO_WATERMARK);
    }

    default void deleteAgent(String organizationId, String agentId) {
        apply(List.of(new IndexChange.DeleteAgent(organizationId, agentId)), NO_WATERMARK);
    }

    /** Best passages of one agent, best first, never more than {@code query.topK()}. */
    List<IndexHit> search(IndexQuery query);

    /** Number of indexed passages of one agent. */
    long count(String organizationId, String agentId);

    /** The stored watermark; 0 for a new or cleared index. */
    long watermark();

    /** Removes every passage and resets the watermark to 0, ahead of a full rebuild from PostgreSQL. */
    void clear();

    @Override
    void close();
}
