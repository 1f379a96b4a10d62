package dev.engram.memory.passage;

import dev.engram.memory.embedding.EmbeddingClient;
import dev.engram.memory.index.IndexChange;
import dev.engram.memory.index.IndexedPassage;
import dev.engram.memory.web.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the derived index in step with PostgreSQL: drains the outbox (retrying what failed, embedding passages that
 * were stored while embedding-service was down), notices at start-up an index that is behind PostgreSQL and rebuilds
 * it, and rebuilds on demand.
 */
@ApplicationScoped
public class IndexSync {

    private static final Logger LOG = Logger.getLogger(IndexSync.class);
    static final int BATCH = 256;

    private final OutboxRepository outbox;
    private final PassageRepository passages;
    private final BlockingIndex index;
    private final EmbeddingClient embeddings;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean checked;

    public IndexSync(OutboxRepository outbox, PassageRepository passages, BlockingIndex index, EmbeddingClient embeddings) {
        this.outbox = outbox;
        this.passages = passages;
        this.index = index;
        this.embeddings = embeddings;
    }

    @Scheduled(every = "${engram.index.sync-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (!busy.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> work = checked ? drainAll() : catchUpIfBehind().chain(this::drainAll).invoke(() -> checked = true);
        return work.onFailure().invoke(e -> LOG.warnf("index sync: %s", e.toString()))
                .onFailure().recoverWithNull()
                .eventually(() -> busy.set(false)).replaceWithVoid();
    }

    private Uni<Void> drainAll() {
        return process(null, null).chain(n -> n >= BATCH ? drainAll() : Uni.createFrom().voidItem());
    }

    /** Applies one archive's pending index work now (a search must see the agent's own writes). */
    public Uni<Void> drainAgent(String org, String agentId) {
        return Panache.withSession(() -> outbox.hasPending(org, agentId))
                .chain(pending -> pending ? process(org, agentId).replaceWithVoid() : Uni.createFrom().voidItem());
    }

    /**
     * One batch: claims pending entries (see {@link OutboxRepository#claim}), embeds passages that still lack a
     * vector, applies the changes to the index, and removes what the index now holds. Returns how many were claimed.
     */
    Uni<Integer> process(String org, String agentId) {
        return Panache.withTransaction(() -> outbox.claim(BATCH, org, agentId).chain(entries -> {
            if (entries.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<String> ids = entries.stream().filter(e -> OutboxEntry.UPSERT.equals(e.op)).map(e -> e.passageId).distinct().toList();
            return passages.byIds(ids)
                    .call(found -> embedMissing(entries, found))
                    .chain(found -> apply(entries, found))
                    .replaceWith(entries.size());
        }));
    }

    private Uni<Void> embedMissing(List<OutboxEntry> entries, List<Passage> found) {
        Map<String, List<Passage>> byHandle = new LinkedHashMap<>();
        for (Passage p : found) {
            if (p.embedding == null && p.embeddingHandle != null) {
                byHandle.computeIfAbsent(p.embeddingHandle, h -> new ArrayList<>()).add(p);
            }
        }
        Uni<Void> all = Uni.createFrom().voidItem();
        for (Map.Entry<String, List<Passage>> group : byHandle.entrySet()) {
            all = all.chain(() -> embeddings.embed(group.getKey(), group.getValue().stream().map(Passage::searchText).toList())
                    .invoke(vectors -> {
                        for (int i = 0; i < vectors.size(); i++) {
                            Passage p = group.getValue().get(i);
                            p.embedding = Vectors.toBytes(vectors.get(i));
                            p.embeddingDim = vectors.get(i).length;
                        }
                    })
                    .replaceWithVoid()
                    // the passages stay without a vector (BM25 still finds them) and are retried later
                    .onFailure().invoke(f -> LOG.warnf("cannot embed passages with %s: %s", group.getKey(), f.getMessage()))
                    .onFailure().recoverWithNull());
        }
        return all;
    }

    private Uni<Void> apply(List<OutboxEntry> entries, List<Passage> found) {
        Map<String, Passage> byId = new HashMap<>();
        found.forEach(p -> byId.put(p.id, p));
        List<IndexChange> changes = new ArrayList<>();
        List<OutboxEntry> done = new ArrayList<>();
        long watermark = 0;
        for (OutboxEntry e : entries) {
            watermark = Math.max(watermark, e.seq);
            switch (e.op) {
                case OutboxEntry.UPSERT -> {
                    Passage p = byId.get(e.passageId);
                    if (p == null) {
                        changes.add(new IndexChange.Delete(e.organizationId, e.passageId));
                        done.add(e);
                    } else if (p.embedding != null || p.embeddingHandle == null) {
                        changes.add(new IndexChange.Upsert(indexed(p)));
                        done.add(e);
                    } else {
                        // still no vector: index the text once so BM25 finds it, and keep the entry to embed later
                        if (e.attempts == 0) {
                            changes.add(new IndexChange.Upsert(indexed(p)));
                        }
                        e.needsEmbedding = true;
                        e.attempts++;
                        e.lastError = "waiting for embedding-service";
                    }
                }
                case OutboxEntry.DELETE -> {
                    changes.add(new IndexChange.Delete(e.organizationId, e.passageId));
                    done.add(e);
                }
                case OutboxEntry.DELETE_AGENT -> {
                    changes.add(new IndexChange.DeleteAgent(e.organizationId, e.agentId));
                    done.add(e);
                }
                default -> done.add(e);
            }
        }
        long mark = watermark;
        Uni<Void> applied = changes.isEmpty() ? Uni.createFrom().voidItem() : index.apply(changes, mark);
        return applied
                .chain(() -> done.isEmpty() ? Uni.createFrom().voidItem() : outbox.delete("seq in ?1", done.stream().map(d -> d.seq).toList()).replaceWithVoid())
                .chain(() -> outbox.recordWatermark(mark));
    }

    static IndexedPassage indexed(Passage p) {
        return new IndexedPassage(p.id, p.organizationId, p.archiveId, p.text, p.tags, p.createdAt.truncatedTo(ChronoUnit.MICROS),
                Vectors.fromBytes(p.embedding), p.indexContext);
    }

    /** At start-up: an index whose watermark is below what PostgreSQL knows it reached lost data; rebuild it. */
    Uni<Void> catchUpIfBehind() {
        return Panache.withSession(() -> outbox.appliedWatermark()).chain(applied -> index.watermark().chain(held -> {
            if (held >= applied) {
                return Uni.createFrom().voidItem();
            }
            LOG.warnf("the index holds changes up to %d but PostgreSQL recorded %d: rebuilding it from PostgreSQL", held, applied);
            return rebuildNow().replaceWithVoid();
        }));
    }

    /**
     * Drops the index and rebuilds it from every passage in PostgreSQL; returns how many passages were indexed. Waits
     * (up to a minute) for a running sync batch to finish first.
     */
    public Uni<Long> rebuild() {
        return Uni.createFrom().item(() -> busy.compareAndSet(false, true))
                .invoke(acquired -> {
                    if (!acquired) {
                        throw new Busy();
                    }
                })
                .onFailure(Busy.class).retry().withBackOff(Duration.ofMillis(50), Duration.ofMillis(500)).expireIn(60_000)
                .onFailure(Busy.class).transform(e -> ApiException.conflict("The index is being synchronised; try again in a moment"))
                .chain(() -> rebuildNow().eventually(() -> busy.set(false)));
    }

    /** Makes the next sync compare the index with PostgreSQL again, as at start-up. */
    public void requestCatchUp() {
        checked = false;
    }

    private static final class Busy extends RuntimeException {
        Busy() {
            super(null, null, false, false);
        }
    }

    private Uni<Long> rebuildNow() {
        return Panache.withSession(() -> outbox.maxSeq()).chain(mark -> index.clear()
                .chain(() -> rebuildFrom(null, 0L))
                .call(count -> Panache.withTransaction(() -> outbox.resetWatermark(mark)))
                .call(count -> index.apply(List.of(), mark))
                .invoke(count -> LOG.infof("index rebuilt from PostgreSQL: %d passages", count)));
    }

    private Uni<Long> rebuildFrom(String afterId, long soFar) {
        return Panache.withTransaction(() -> passages.batchAfter(afterId, 500)
                .call(batch -> embedMissing(List.of(), batch))
                .call(batch -> batch.isEmpty() ? Uni.createFrom().voidItem()
                        : index.apply(batch.stream().<IndexChange>map(p -> new IndexChange.Upsert(indexed(p))).toList(), -1)))
                .chain(batch -> batch.size() < 500 ? Uni.createFrom().item(soFar + batch.size())
                        : rebuildFrom(batch.getLast().id, soFar + batch.size()));
    }
}
