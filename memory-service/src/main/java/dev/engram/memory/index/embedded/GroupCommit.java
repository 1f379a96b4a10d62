package dev.engram.memory.index.embedded;

import dev.engram.memory.index.IndexChange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets concurrent writers share one commit. A commit costs several fsyncs, and with one commit per batch concurrent
 * inserts queued behind each other's fsyncs (15 passages/s on the benchmark machine). Here a writer queues its batch
 * and takes the lock; whoever holds it writes every queued batch, in arrival order, and commits once with the highest
 * watermark among them. A writer whose batch a previous holder already committed returns at once. Every batch in a
 * commit was fully added before it, so the commit's watermark never covers a batch still being added, and each
 * caller still returns only once its own changes are durable and visible.
 */
final class GroupCommit {

    /** Adds the batches' changes in order, then commits once with {@code watermark}. */
    interface Writer {
        void write(List<IndexChange> changes, long watermark) throws IOException;
    }

    private record Batch(List<IndexChange> changes, long watermark, CompletableFuture<Void> done) {
    }

    private final ConcurrentLinkedQueue<Batch> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock lock;
    private final Writer writer;

    /** @param lock also held by whatever else must not interleave with a commit (clear, close) */
    GroupCommit(ReentrantLock lock, Writer writer) {
        this.lock = lock;
        this.writer = writer;
    }

    /** Returns once the batch is committed; rethrows the commit's failure (the batch was then not acknowledged). */
    void submit(List<IndexChange> changes, long watermark) throws IOException {
        Batch mine = new Batch(changes, watermark, new CompletableFuture<>());
        queue.add(mine);
        lock.lock();
        try {
            if (!mine.done().isDone()) {
                writeQueued();
            }
        } finally {
            lock.unlock();
        }
        try {
            mine.done().join();
        } catch (CompletionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw e;
            }
        }
    }

    private void writeQueued() {
        List<Batch> group = new ArrayList<>();
        for (Batch b = queue.poll(); b != null; b = queue.poll()) {
            group.add(b);
        }
        List<IndexChange> changes = new ArrayList<>();
        long watermark = Long.MIN_VALUE;
        for (Batch b : group) {
            changes.addAll(b.changes());
            watermark = Math.max(watermark, b.watermark());
        }
        try {
            writer.write(changes, watermark);
            group.forEach(b -> b.done().complete(null));
        } catch (IOException | RuntimeException | Error e) {
            group.forEach(b -> b.done().completeExceptionally(e));
        }
    }
}
