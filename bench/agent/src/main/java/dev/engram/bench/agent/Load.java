package dev.engram.bench.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives one-step runs (the scripted LLM answers plain text at once, so every run is exactly one LLM call) and
 * records, per run, the client-observed latency and the LLM's own time; their difference is the server overhead.
 */
final class Load {

    /** One phase's outcome: per-run latencies and overheads, and the runs completed per second. */
    record Result(Latencies latency, Latencies overhead, Latencies llm, double perSecond, int runs) {
    }

    private final Api api;
    private final LlmClock clock;
    private final AtomicLong sequence = new AtomicLong();

    Load(Api api, LlmClock clock) {
        this.api = api;
        this.clock = clock;
    }

    /** One run at a time, over the agents in turn. */
    Result sequential(List<String> agents, int runs) throws Exception {
        ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            samples.add(run(agents.get(i % agents.size())));
        }
        return result(samples, (System.nanoTime() - start) / 1e9);
    }

    /** Closed loop: every agent's user sends the next message as soon as the last one is answered. */
    Result closed(List<String> agents, double seconds) throws Exception {
        ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        try (ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (String agent : agents) {
                running.add(users.submit(() -> {
                    while (System.nanoTime() < end) {
                        samples.add(run(agent));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        return result(samples, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Open loop: messages arrive at a fixed rate, spread over the agents (a message for an agent that is still busy
     * goes to the next idle one), as many users with think time between their messages would send them.
     */
    Result open(List<String> agents, double perSecond, double seconds) throws Exception {
        ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> idle = new ConcurrentLinkedQueue<>(agents);
        long interval = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        long count = (long) (seconds * perSecond);
        int skipped = 0;
        try (ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < count; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                String agent = idle.poll();
                if (agent == null) {
                    skipped++;
                    continue;
                }
                users.submit(() -> {
                    try {
                        samples.add(run(agent));
                    } finally {
                        idle.add(agent);
                    }
                    return null;
                });
            }
        }
        if (skipped > 0) {
            System.out.printf("  (open loop: %d messages found every agent busy and were not sent)%n", skipped);
        }
        return result(samples, (System.nanoTime() - start) / 1e9);
    }

    /** One message; answers {client latency, server overhead, LLM time} in nanoseconds. */
    private long[] run(String agent) throws Exception {
        String text = "bench message " + sequence.incrementAndGet();
        long t0 = System.nanoTime();
        api.send(agent, text);
        long latency = System.nanoTime() - t0;
        long llm = clock.take(text);
        return new long[] {latency, latency - llm, llm};
    }

    private static Result result(ConcurrentLinkedQueue<long[]> samples, double seconds) {
        long[][] columns = new long[3][samples.size()];
        int i = 0;
        for (long[] s : samples) {
            for (int c = 0; c < 3; c++) {
                columns[c][i] = s[c];
            }
            i++;
        }
        return new Result(Latencies.of(columns[0]), Latencies.of(columns[1]), Latencies.of(columns[2]), samples.size() / seconds,
                samples.size());
    }
}
