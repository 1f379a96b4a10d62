package dev.engram.memory.passage;

import dev.engram.memory.index.IndexChange;
import dev.engram.memory.index.IndexHit;
import dev.engram.memory.index.IndexQuery;
import dev.engram.memory.index.VectorIndex;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The vector index seen from reactive code: its blocking calls run on worker threads and their results come back on
 * the caller's Vert.x context, where the database session lives.
 */
@ApplicationScoped
public class BlockingIndex {

    private final VectorIndex index;
    private final Vertx vertx;

    public BlockingIndex(VectorIndex index, Vertx vertx) {
        this.index = index;
        this.vertx = vertx;
    }

    public Uni<Void> apply(List<IndexChange> changes, long watermark) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            index.apply(changes, watermark);
            return true;
        }), false).replaceWithVoid();
    }

    public Uni<List<IndexHit>> search(IndexQuery query) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> index.search(query)), false);
    }

    public Uni<Long> watermark() {
        return vertx.executeBlocking(Uni.createFrom().item(index::watermark), false);
    }

    public Uni<Void> clear() {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            index.clear();
            return true;
        }), false).replaceWithVoid();
    }

    public Uni<Long> count(String org, String agentId) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> index.count(org, agentId)), false);
    }

    /** Which adapter serves the index. */
    public String backend() {
        return index.getClass().getSimpleName();
    }
}
