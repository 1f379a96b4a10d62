package dev.engram.embedding.batch;

/** The batcher cannot take a request without exceeding its capacity; nothing of the request was queued. */
public final class QueueFullException extends RuntimeException {

    private final long retryAfterSeconds;

    public QueueFullException(String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
