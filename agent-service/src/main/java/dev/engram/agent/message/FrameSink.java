package dev.engram.agent.message;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where a run's stream frames go: a client's SSE response, or the stored log of a background run (which feeds one). */
interface FrameSink {

    /** An unnamed {@code data:} frame. */
    void data(ObjectNode json);

    /** A named frame ({@code event: error}): the end of a stream that failed. */
    void event(String name, ObjectNode json);

    /** {@code data: [DONE]}, then the end. */
    void done();

    /** The end without [DONE] (after an error event). */
    void end();
}
