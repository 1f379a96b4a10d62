package dev.engram.agent.loop;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Who watches a run as it happens (the SSE stream). Calls may come from any thread; an observer must not throw and
 * must not block. A run goes on whatever its observer does: a client that goes away does not stop it.
 */
public interface RunObserver {

    RunObserver NONE = new RunObserver() {
    };

    /** The run has its turn and is about to take its first step. */
    default void started(String runId) {
    }

    /** A complete Letta message, once its step is committed. */
    default void message(ObjectNode message) {
    }

    /** A piece of a message still being generated (token streaming). */
    default void delta(ObjectNode chunk) {
    }

    /**
     * The model failed after the run had produced messages: the run ends with the error's stop reason and answers what
     * it produced (a stream still owes its client the error). Called at most once, before the run's end.
     */
    default void modelFailed(Throwable error) {
    }

    /**
     * The run ended, with its result or the failure that ended it (for a run handed over to another replica, see
     * {@link #handOver}). Called once, after everything else.
     */
    default void ended(String runId, dev.engram.agent.message.LettaResponse response, Throwable failure) {
    }

    /**
     * The run leaves this replica at a step boundary (the replica is stopping) and another replica goes on with it.
     * Completes once what the observer wrote is safe for that replica to continue from, with {@code true} when the
     * observer follows the rest of the run on its own (a background stream reads the frames the other replica stores),
     * {@code false} to be given the messages of the steps taken there and then {@link #ended}.
     */
    default io.smallrye.mutiny.Uni<Boolean> handOver(String runId) {
        return io.smallrye.mutiny.Uni.createFrom().item(false);
    }

    /** Whether the run should stream tokens (deltas) rather than whole messages per step. */
    default boolean tokens() {
        return false;
    }
}
