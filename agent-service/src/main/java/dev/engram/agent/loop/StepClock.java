package dev.engram.agent.loop;

import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * The times of one step, as Letta's step metrics give them: when it started and when its LLM request started
 * (nanoseconds since the epoch), how long that request and the step's tool calls took, and the step as a whole
 * (nanoseconds, measured on the monotonic clock). A step runs on one thread of control at a time, so the clock needs no
 * locking.
 */
public final class StepClock {

    private final long startEpochNs = epochNanos();
    private final long startNanos = System.nanoTime();
    private Long llmStartEpochNs;
    private Long llmNs;
    private long toolNs;
    private boolean toolsRan;

    /** What a step record keeps of these times; the LLM fields are null for a step that called no LLM. */
    public record Times(long stepStartNs, Long llmRequestStartNs, Long llmRequestNs, Long toolExecutionNs, long stepNs) {
    }

    /**
     * Times the LLM request, answered or failed: the last attempt's start and length count (a retry after compaction
     * replaces the first).
     */
    <T> Uni<T> llm(Supplier<Uni<T>> request) {
        return Uni.createFrom().deferred(() -> {
            long epoch = epochNanos();
            long start = System.nanoTime();
            return request.get().onTermination().invoke(() -> {
                llmStartEpochNs = epoch;
                llmNs = System.nanoTime() - start;
            });
        });
    }

    /** Times one tool call; the step's tool time is the sum of its calls, failed ones included. */
    <T> Uni<T> tool(Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return call.get().onTermination().invoke(() -> {
                toolNs += System.nanoTime() - start;
                toolsRan = true;
            });
        });
    }

    /** The times so far: the step's length is up to now. */
    public Times times() {
        return new Times(startEpochNs, llmStartEpochNs, llmNs, toolsRan ? toolNs : null, System.nanoTime() - startNanos);
    }

    /** Nanoseconds since the epoch, at the resolution of the system clock. */
    public static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
