package dev.engram.embedding.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch firstStarted = new CountDownLatch(1);
    private MicroBatcher<String, String> batcher;

    /** Work that holds the lane on its first item until the test releases it. */
    private final Function<String, String> gated = input -> {
        firstStarted.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (input.equals("boom")) {
            throw new IllegalArgumentException("cannot embed boom");
        }
        return input.toUpperCase();
    };

    @AfterEach
    void close() {
        release.countDown();
        if (batcher != null) {
            batcher.close();
        }
    }

    private DistributionSummary batchSizes() {
        return registry.get("engram.embedding.batch.size").summary();
    }

    @Test
    void a_full_queue_refuses_a_whole_request_and_keeps_what_it_accepted() throws Exception {
        batcher = new MicroBatcher<>("m", gated, 1, 8, Duration.ZERO, 3, registry);
        List<CompletableFuture<String>> first = batcher.submitAll(List.of("a", "b"));
        QueueFullException full = assertThrows(QueueFullException.class, () -> batcher.submitAll(List.of("c", "d")));
        assertTrue(full.retryAfterSeconds() >= 1);
        List<CompletableFuture<String>> third = batcher.submitAll(List.of("e"));

        release.countDown();
        assertEquals(List.of("A", "B"), List.of(first.get(0).get(5, TimeUnit.SECONDS), first.get(1).get(5, TimeUnit.SECONDS)));
        assertEquals("E", third.getFirst().get(5, TimeUnit.SECONDS));
        // capacity is free again once answered
        assertEquals("F", batcher.submitAll(List.of("f")).getFirst().get(5, TimeUnit.SECONDS));
    }

    @Test
    void items_queued_while_the_lane_is_busy_are_taken_as_one_batch() throws Exception {
        batcher = new MicroBatcher<>("m", gated, 1, 32, Duration.ZERO, 100, registry);
        CompletableFuture<String> first = batcher.submitAll(List.of("first")).getFirst();
        assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
        List<CompletableFuture<String>> waiting = batcher.submitAll(List.of("1", "2", "3", "4", "5"));

        release.countDown();
        first.get(5, TimeUnit.SECONDS);
        for (CompletableFuture<String> f : waiting) {
            f.get(5, TimeUnit.SECONDS);
        }
        assertEquals(2, batchSizes().count());
        assertEquals(5, batchSizes().max());
    }

    @Test
    void a_lane_waits_up_to_max_wait_for_a_partial_batch_to_fill() throws Exception {
        release.countDown();
        // the wait is long so that the second submission surely lands inside it; a full batch ends the wait
        batcher = new MicroBatcher<>("m", gated, 1, 3, Duration.ofSeconds(30), 100, registry);
        CompletableFuture<String> a = batcher.submitAll(List.of("a")).getFirst();
        List<CompletableFuture<String>> bc = batcher.submitAll(List.of("b", "c"));
        assertEquals("A", a.get(10, TimeUnit.SECONDS));
        assertEquals("C", bc.get(1).get(10, TimeUnit.SECONDS));
        assertEquals(1, batchSizes().count());
        assertEquals(3, batchSizes().max());
    }

    @Test
    void one_request_of_many_items_is_shared_between_the_lanes() throws Exception {
        CountDownLatch bothLanes = new CountDownLatch(2);
        // each item waits until two lanes are working: if one lane took the whole request, this would never happen
        batcher = new MicroBatcher<>("m", input -> {
            bothLanes.countDown();
            try {
                return String.valueOf(bothLanes.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }, 2, 32, Duration.ZERO, 100, registry);
        for (CompletableFuture<String> result : batcher.submitAll(List.of("1", "2", "3", "4", "5", "6", "7", "8"))) {
            assertEquals("true", result.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void a_failing_item_fails_only_its_own_future() throws Exception {
        release.countDown();
        batcher = new MicroBatcher<>("m", gated, 2, 8, Duration.ZERO, 100, registry);
        List<CompletableFuture<String>> results = batcher.submitAll(List.of("ok", "boom", "fine"));
        assertEquals("OK", results.get(0).get(5, TimeUnit.SECONDS));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> results.get(1).get(5, TimeUnit.SECONDS));
        assertEquals("cannot embed boom", failed.getCause().getMessage());
        assertEquals("FINE", results.get(2).get(5, TimeUnit.SECONDS));
    }
}
