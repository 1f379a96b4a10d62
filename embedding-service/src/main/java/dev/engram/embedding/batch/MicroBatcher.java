package dev.engram.embedding.batch;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Gathers items submitted by concurrent requests into batches and runs them on a fixed set of lanes (threads).
 *
 * <p>A free lane takes the oldest item and its share of whatever else is queued (the backlog divided by the number of
 * lanes, at most {@code maxBatchSize}), waits up to
 * {@code maxWait} for the batch to fill, then works through it, completing each item's future as soon as that item
 * is done. Admission is all-or-nothing per request against {@code capacity} (items queued or in flight), so a full
 * queue refuses a request whole with {@link QueueFullException} and never drops an accepted item.
 */
public final class MicroBatcher<I, O> implements AutoCloseable {

    private record Job<I, O>(I input, CompletableFuture<O> result) {
    }

    private final String name;
    private final Function<I, O> work;
    private final int maxBatchSize;
    private final long maxWaitNanos;
    private final int capacity;
    private final Semaphore free;
    private final LinkedBlockingQueue<Job<I, O>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> lanes = new ArrayList<>();
    private final DistributionSummary batchSizes;
    /** Exponentially weighted mean of the nanoseconds one item takes, to estimate Retry-After. */
    private final AtomicLong nanosPerItem = new AtomicLong(TimeUnit.MILLISECONDS.toNanos(5));
    private volatile boolean closed;

    public MicroBatcher(String name, Function<I, O> work, int lanes, int maxBatchSize, Duration maxWait, int capacity,
            MeterRegistry registry) {
        if (lanes < 1 || maxBatchSize < 1 || capacity < 1) {
            throw new IllegalArgumentException("lanes, maxBatchSize and capacity must be positive");
        }
        this.name = name;
        this.work = work;
        this.maxBatchSize = maxBatchSize;
        this.maxWaitNanos = maxWait.toNanos();
        this.capacity = capacity;
        this.free = new Semaphore(capacity);
        Tags tags = Tags.of("model", name);
        this.batchSizes = DistributionSummary.builder("engram.embedding.batch.size")
                .description("Texts per batch taken by a lane").tags(tags).register(registry);
        Gauge.builder("engram.embedding.queue.depth", queue, LinkedBlockingQueue::size)
                .description("Texts waiting for a lane").tags(tags).register(registry);
        Gauge.builder("engram.embedding.queue.in.flight", this, b -> b.capacity - b.free.availablePermits())
                .description("Texts accepted and not yet answered (queued or being embedded)").tags(tags)
                .register(registry);
        for (int i = 0; i < lanes; i++) {
            Thread lane = Thread.ofPlatform().daemon().name("embed-" + name + "-lane-" + i).unstarted(this::runLane);
            this.lanes.add(lane);
            lane.start();
        }
    }

    /**
     * Queues every input or none.
     *
     * @throws QueueFullException when the inputs do not fit in the remaining capacity
     */
    public List<CompletableFuture<O>> submitAll(List<I> inputs) {
        if (closed) {
            throw new IllegalStateException("batcher " + name + " is closed");
        }
        if (!free.tryAcquire(inputs.size())) {
            throw new QueueFullException("the queue for " + name + " is full (" + capacity
                    + " texts queued or in flight); retry later", retryAfterSeconds());
        }
        List<CompletableFuture<O>> results = new ArrayList<>(inputs.size());
        for (I input : inputs) {
            Job<I, O> job = new Job<>(input, new CompletableFuture<>());
            results.add(job.result());
            queue.add(job);
        }
        return results;
    }

    /** Seconds until the current backlog should have drained, at least 1. */
    long retryAfterSeconds() {
        long backlog = capacity - free.availablePermits();
        long nanos = backlog * nanosPerItem.get() / lanes.size();
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos) + 1);
    }

    private void runLane() {
        List<Job<I, O>> batch = new ArrayList<>(maxBatchSize);
        while (!closed) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, share() - 1);
                if (batch.size() < maxBatchSize && maxWaitNanos > 0) {
                    fill(batch, System.nanoTime() + maxWaitNanos);
                }
            } catch (InterruptedException e) {
                failAll(batch, e);
                return;
            }
            batchSizes.record(batch.size());
            for (Job<I, O> job : batch) {
                runOne(job);
            }
            batch.clear();
        }
    }

    /**
     * How many queued items a lane takes: its fair share of the backlog, capped by {@code maxBatchSize}, so that one
     * lane does not take a whole multi-text request while the others sit idle.
     */
    private int share() {
        int backlog = queue.size() + 1;
        return Math.min(maxBatchSize, (backlog + lanes.size() - 1) / lanes.size());
    }

    private void fill(List<Job<I, O>> batch, long deadline) throws InterruptedException {
        while (batch.size() < maxBatchSize) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Job<I, O> next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, maxBatchSize - batch.size());
        }
    }

    private void runOne(Job<I, O> job) {
        long start = System.nanoTime();
        try {
            job.result().complete(work.apply(job.input()));
        } catch (Throwable t) {
            job.result().completeExceptionally(t);
        } finally {
            free.release();
            long took = System.nanoTime() - start;
            nanosPerItem.updateAndGet(mean -> mean + (took - mean) / 16);
        }
    }

    private void failAll(List<Job<I, O>> batch, Exception cause) {
        for (Job<I, O> job : batch) {
            job.result().completeExceptionally(cause);
            free.release();
        }
    }

    @Override
    public void close() {
        closed = true;
        lanes.forEach(Thread::interrupt);
        List<Job<I, O>> left = new ArrayList<>();
        queue.drainTo(left);
        failAll(left, new IllegalStateException("batcher " + name + " closed"));
    }
}
