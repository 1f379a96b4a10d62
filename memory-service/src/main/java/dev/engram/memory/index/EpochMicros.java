package dev.engram.memory.index;

import java.time.Instant;

/**
 * created_at as microseconds since the epoch in both adapters: PostgreSQL's own precision, so that an inclusive
 * time bound taken from a stored passage matches that passage exactly.
 */
public final class EpochMicros {

    private EpochMicros() {
    }

    /** Truncates below the microsecond (towards the past). */
    public static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
