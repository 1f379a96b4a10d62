package dev.engram.bench.locomo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/** Search latency and ingest rate at growing scale. */
final class ScaleBench {

    static final int IN_FLIGHT = 16;
    private final Services services;
    private final MemoryClient client;
    private final LoCoMo data;

    ScaleBench(Services services, MemoryClient client, LoCoMo data) {
        this.services = services;
        this.client = client;
        this.data = data;
    }

    void run(List<Integer> sizes) throws Exception {
        SyntheticTexts texts = new SyntheticTexts(data, 42);
        for (int size : sizes) {
            List<String> agents = new ArrayList<>();
            int agentCount = size >= 1_000_000 ? 1000 : 1;
            for (int a = 0; a < agentCount; a++) {
                agents.add(MemoryClient.newAgent());
            }
            List<String> pool = texts.next(size);
            double seconds = ingest(agents, pool);
            System.out.printf(Locale.ROOT, "ingest %d passages over %d agent(s): %.1f s, %.0f passages/s, load %s%n",
                    size, agentCount, seconds, size / seconds, LocomoBench.load());
        }
    }

    /** Inserts the texts round-robin over the agents, IN_FLIGHT requests at a time; returns the seconds taken. */
    double ingest(List<String> agents, List<String> texts) throws Exception {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        AtomicLong failures = new AtomicLong();
        Instant base = Instant.parse("2024-01-01T00:00:00Z");
        long t0 = System.nanoTime();
        List<CompletableFuture<String>> pending = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            slots.acquire();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("text", texts.get(i));
            body.put("created_at", base.plus(i, ChronoUnit.MINUTES).toString());
            body.put("embedding_handle", TurnPassages.EMBEDDING_HANDLE);
            pending.add(client.insert(agents.get(i % agents.size()), body).whenComplete((id, e) -> {
                if (e != null && failures.incrementAndGet() < 5) {
                    System.err.println("insert failed: " + e);
                }
                slots.release();
            }));
            if ((i + 1) % 1000 == 0) {
                System.out.printf(Locale.ROOT, "  %d inserted, %.0f/s%n", i + 1, (i + 1) / ((System.nanoTime() - t0) / 1e9));
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " inserts failed");
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
