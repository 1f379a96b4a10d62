package dev.engram.bench.locomo;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Search latency and ingest rate of the embedded index at growing scale, all over HTTP. Steps are cumulative in one
 * service: a step of under 1,000,000 passages is one agent, a larger one is spread over 1,000 agents. Every search is
 * timed end to end (HTTP, query embedding, index), one at a time, with the embedding cache off so that each query is
 * embedded.
 */
final class ScaleBench {

    /** Passages per batch request and batch requests in flight while loading. */
    static final int BATCH = 100;
    static final int IN_FLIGHT = 4;
    static final int SINGLE_INSERTS = 1000;
    static final int WARM_UP = 300;
    static final int TOP_K = 10;
    /** Distinct texts at most; larger steps reuse them (served from embedding-service's cache, see README). */
    static final int DISTINCT_TEXTS = 100_000;
    private static final Map<String, String> CACHE_ON = Map.of("engram.embedding.cache.max-entries", "200000");
    private static final Map<String, String> CACHE_OFF = Map.of("engram.embedding.cache.max-entries", "0");

    private final Services services;
    private final MemoryClient client;
    private final LoCoMo data;
    private final StringBuilder summary = new StringBuilder();

    ScaleBench(Services services, MemoryClient client, LoCoMo data) {
        this.services = services;
        this.client = client;
        this.data = data;
    }

    void run(List<Integer> sizes) throws Exception {
        System.out.printf(Locale.ROOT, "%n2. Scale: embedded index, search p50/p99 over HTTP (query embedding included, hybrid, "
                + "top_k %d, one search at a time), ingest rate%n", TOP_K);
        SyntheticTexts synthetic = new SyntheticTexts(data, 42);
        List<String> pool = new ArrayList<>();
        List<String> questions = data.conversations().stream().flatMap(c -> c.questions().stream())
                .map(LoCoMo.Question::text).toList();
        long total = 0;
        boolean singleDone = false;
        for (int size : sizes) {
            services.startEmbedding(CACHE_ON);
            int agentCount = size >= 1_000_000 ? 1000 : 1;
            List<String> agents = new ArrayList<>();
            for (int a = 0; a < agentCount; a++) {
                agents.add(MemoryClient.newAgent());
            }
            if (pool.size() < Math.min(size, DISTINCT_TEXTS)) {
                pool.addAll(synthetic.next(Math.min(size, DISTINCT_TEXTS) - pool.size()));
            }
            int loaded = 0;
            if (!singleDone) {
                double s = single(agents.getFirst(), pool.subList(0, SINGLE_INSERTS));
                System.out.printf(Locale.ROOT, "   single-passage inserts: %d in %.1f s = %.0f passages/s (16 in flight), load %s%n",
                        SINGLE_INSERTS, s, SINGLE_INSERTS / s, LocomoBench.load());
                loaded = SINGLE_INSERTS;
                singleDone = true;
            }
            boolean reused = size > pool.size();
            double seconds = batches(agents, pool, loaded, size);
            total += size;
            String ingest = String.format(Locale.ROOT, "%d passages in %.0f s = %.0f passages/s%s", size - loaded, seconds,
                    (size - loaded) / seconds, reused ? " (texts reused: embeddings from the cache)" : "");
            System.out.printf(Locale.ROOT, "   step %,d passages over %d agent(s): batch ingest %s, load %s%n",
                    size, agentCount, ingest, LocomoBench.load());
            services.startEmbedding(CACHE_OFF);
            Latencies l = searches(agents, questions, new SplittableRandom(size));
            long indexBytes = Services.du(services.home().resolve("index"));
            long pgBytes = Services.du(services.home().resolve("postgres"));
            String line = String.format(Locale.ROOT, "   %,9d per agent x %4d agents (index total %,d): p50 %6.2f ms  p99 %6.2f ms  "
                            + "(%d searches)  index %.0f MiB, PostgreSQL %.0f MiB, load %s",
                    size / agentCount, agentCount, total, l.p50(), l.p99(), l.count(), indexBytes / 1048576.0,
                    pgBytes / 1048576.0, LocomoBench.load());
            System.out.println(line);
            summary.append(line).append("  | ingest ").append(ingest).append('\n');
        }
        System.out.println("\n   summary\n" + summary);
    }

    /** Single-passage inserts, 16 in flight; returns seconds. */
    private double single(String agent, List<String> texts) throws Exception {
        Semaphore slots = new Semaphore(16);
        long t0 = System.nanoTime();
        List<CompletableFuture<String>> pending = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            slots.acquire();
            pending.add(client.insert(agent, body(texts.get(i), i)).whenComplete((id, e) -> slots.release()));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Passages from..size (texts cycled from the pool, agents round-robin by batch); returns seconds. */
    private double batches(List<String> agents, List<String> pool, int from, int size) throws Exception {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        long t0 = System.nanoTime();
        List<CompletableFuture<List<String>>> pending = new ArrayList<>();
        int batchNo = 0;
        long lastReport = t0;
        for (int start = from; start < size; start += BATCH) {
            List<Map<String, Object>> bodies = new ArrayList<>();
            for (int i = start; i < Math.min(size, start + BATCH); i++) {
                bodies.add(body(pool.get(i % pool.size()), i));
            }
            slots.acquire();
            pending.add(client.insertBatch(agents.get(batchNo++ % agents.size()), bodies).whenComplete((ids, e) -> slots.release()));
            if (System.nanoTime() - lastReport > 60e9) {
                lastReport = System.nanoTime();
                System.out.printf(Locale.ROOT, "     ... %,d passages, %.0f/s%n", start - from, (start - from) / ((lastReport - t0) / 1e9));
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static Map<String, Object> body(String text, int i) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", text);
        body.put("created_at", Instant.parse("2024-01-01T00:00:00Z").plus(i, ChronoUnit.SECONDS).toString());
        body.put("embedding_handle", TurnPassages.EMBEDDING_HANDLE);
        return body;
    }

    /** Warm-up, then every question once against a random agent of the step, timed end to end. */
    private Latencies searches(List<String> agents, List<String> questions, SplittableRandom random) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < WARM_UP; i++) {
            send(http, agents.get(random.nextInt(agents.size())), "warm up " + questions.get(random.nextInt(questions.size())) + " " + i);
        }
        long[] nanos = new long[questions.size()];
        for (int i = 0; i < questions.size(); i++) {
            String agent = agents.get(random.nextInt(agents.size()));
            long t0 = System.nanoTime();
            send(http, agent, questions.get(i));
            nanos[i] = System.nanoTime() - t0;
        }
        return Latencies.of(nanos);
    }

    private void send(HttpClient http, String agent, String query) throws Exception {
        HttpRequest r = client.searchRequest(agent, Map.of("query", query, "top_k", Integer.toString(TOP_K),
                "embedding_handle", TurnPassages.EMBEDDING_HANDLE));
        HttpResponse<byte[]> response = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("search answered " + response.statusCode());
        }
    }
}
