package dev.engram.memory.index.qdrant;

import com.google.common.util.concurrent.ListenableFuture;
import dev.engram.memory.index.IndexException;
import io.grpc.Status;

import java.util.concurrent.ExecutionException;

/** Waits for the client's futures: the port is blocking, and failures surface as {@link IndexException}. */
final class QdrantCalls {

    private QdrantCalls() {
    }

    static <T> T await(ListenableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IndexException("Interrupted while waiting for Qdrant", e);
        } catch (ExecutionException e) {
            throw new IndexException("Qdrant call failed: " + Status.fromThrowable(e.getCause()), e.getCause());
        }
    }

    /** The result, or null when the collection does not exist (nothing indexed there yet, or dropped meanwhile). */
    static <T> T awaitUnlessMissing(ListenableFuture<T> future) {
        try {
            return await(future);
        } catch (IndexException e) {
            if (Status.fromThrowable(e.getCause()).getCode() == Status.Code.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }
}
