package dev.engram.embedding.remote;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Opens after {@code threshold} consecutive failures and refuses calls for {@code openFor}; then lets one trial call
 * through (half-open): its success closes the circuit, its failure opens it again.
 */
final class CircuitBreaker {

    private final int threshold;
    private final long openForNanos;
    private final LongSupplier clock;
    private int consecutiveFailures;
    private long openUntil;
    private boolean open;
    private boolean trialInFlight;

    CircuitBreaker(int threshold, Duration openFor, LongSupplier nanoClock) {
        this.threshold = threshold;
        this.openForNanos = openFor.toNanos();
        this.clock = nanoClock;
    }

    /** Whether a call may start now. */
    synchronized boolean tryAcquire() {
        if (!open) {
            return true;
        }
        if (clock.getAsLong() - openUntil >= 0 && !trialInFlight) {
            trialInFlight = true;
            return true;
        }
        return false;
    }

    /** Seconds until a call may be tried again, at least 1. */
    synchronized long retryAfterSeconds() {
        long left = Math.max(0, openUntil - clock.getAsLong());
        return Math.max(1, Duration.ofNanos(left).toSeconds() + 1);
    }

    synchronized boolean isOpen() {
        return open;
    }

    synchronized void onSuccess() {
        consecutiveFailures = 0;
        open = false;
        trialInFlight = false;
    }

    synchronized void onFailure() {
        consecutiveFailures++;
        if (trialInFlight || consecutiveFailures >= threshold) {
            open = true;
            openUntil = clock.getAsLong() + openForNanos;
            trialInFlight = false;
        }
    }
}
