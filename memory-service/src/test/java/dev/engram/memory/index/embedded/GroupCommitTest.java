package dev.engram.memory.index.embedded;

import dev.engram.memory.index.IndexChange;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GroupCommitTest {

    private static List<IndexChange> delete(String id) {
        return List.of(new IndexChange.Delete("org", id));
    }

    @Test
    void batches_queued_behind_a_commit_share_the_next_one_in_arrival_order() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        List<List<IndexChange>> commits = new CopyOnWriteArrayList<>();
        List<Long> watermarks = new CopyOnWriteArrayList<>();
        GroupCommit group = new GroupCommit(lock, (changes, watermark) -> {
            commits.add(List.copyOf(changes));
            watermarks.add(watermark);
            if (commits.size() == 1) {
                firstStarted.countDown();
                await(releaseFirst);
            }
        });
        try (ExecutorService pool = Executors.newFixedThreadPool(5)) {
            Future<?> first = pool.submit(() -> submit(group, "p-0", 10));
            await(firstStarted);
            List<Future<?>> rest = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                int n = i;
                rest.add(pool.submit(() -> submit(group, "p-" + n, 10 + n)));
                // queued one after the other, behind the commit in progress
                while (lock.getQueueLength() < n) {
                    Thread.onSpinWait();
                }
            }
            releaseFirst.countDown();
            first.get();
            for (Future<?> f : rest) {
                f.get();
            }
        }
        assertEquals(2, commits.size(), "the four waiting batches share one commit");
        assertEquals(List.of("p-1", "p-2", "p-3", "p-4"),
                commits.get(1).stream().map(c -> ((IndexChange.Delete) c).passageId()).toList());
        assertEquals(List.of(10L, 14L), watermarks);
    }

    @Test
    void a_failed_commit_fails_every_batch_it_carried() {
        GroupCommit group = new GroupCommit(new ReentrantLock(), (changes, watermark) -> {
            throw new IOException("disk full");
        });
        IOException e = assertThrows(IOException.class, () -> group.submit(delete("p-1"), 1));
        assertEquals("disk full", e.getMessage());
    }

    private static void submit(GroupCommit group, String id, long watermark) {
        try {
            group.submit(delete(id), watermark);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
