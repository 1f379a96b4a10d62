package dev.engram.agent.message;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.llm.LlmException;
import dev.engram.agent.loop.RunObserver;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A run watched through a stream, in Letta's framing: a ping naming the run first (when pings are on), the messages
 * (or, with token streaming, their deltas) as they come, then {@code stop_reason}, {@code usage_statistics} and
 * {@code [DONE]}; a failure after the first frame ends it with the stop reason and an {@code event: error} frame.
 */
final class StreamObserver implements RunObserver {

    private final FrameSink sink;
    private final boolean tokens;
    private final AtomicReference<Throwable> modelError = new AtomicReference<>();
    private final java.util.function.Function<String, io.smallrye.mutiny.Uni<Boolean>> handOver;

    StreamObserver(FrameSink sink, boolean tokens) {
        this(sink, tokens, runId -> io.smallrye.mutiny.Uni.createFrom().item(false));
    }

    /** @param handOver what the stream does when its run is handed over to another replica (see {@link RunObserver#handOver}) */
    StreamObserver(FrameSink sink, boolean tokens, java.util.function.Function<String, io.smallrye.mutiny.Uni<Boolean>> handOver) {
        this.sink = sink;
        this.tokens = tokens;
        this.handOver = handOver;
    }

    @Override
    public io.smallrye.mutiny.Uni<Boolean> handOver(String runId) {
        return handOver.apply(runId);
    }

    /** The stream's first frame: the run's ping. */
    void open(String runId) {
        sink.data(SseChannel.ping(runId, null));
    }

    @Override
    public void message(ObjectNode message) {
        sink.data(message);
    }

    @Override
    public void delta(ObjectNode chunk) {
        sink.data(chunk);
    }

    @Override
    public void modelFailed(Throwable error) {
        modelError.set(error);
    }

    @Override
    public boolean tokens() {
        return tokens;
    }

    /** The run ended: its result, or the failure that ended it (a model failure after committed steps included). */
    @Override
    public void ended(String runId, LettaResponse response, Throwable failure) {
        if (failure == null && modelError.get() == null) {
            finish(sink, response);
        } else {
            // the steps before went out; the model's failure ends the stream as any failure after the first frame
            fail(sink, runId, failure != null ? failure : modelError.get());
        }
    }

    static void finish(FrameSink sink, LettaResponse response) {
        sink.data(JsonText.MAPPER.valueToTree(response.stopReason()));
        sink.data(JsonText.MAPPER.valueToTree(response.usage()));
        sink.done();
    }

    /** Errors after the first frame: the stop reason, then a named error event (and [DONE] for LLM errors). */
    static void fail(FrameSink sink, String runId, Throwable failure) {
        Throwable e = HttpErrors.unwrap(failure);
        ObjectNode stop = JsonText.MAPPER.createObjectNode().put("message_type", "stop_reason");
        ObjectNode error = JsonText.MAPPER.createObjectNode().put("message_type", "error_message").put("run_id", runId);
        if (e instanceof LlmException llm) {
            stop.put("stop_reason", llm.stopReason() == null ? "llm_api_error" : llm.stopReason());
            error.put("error_type", llm.errorType() == null ? "llm_error" : llm.errorType());
            error.put("message", llm.getMessage());
            error.put("detail", llm.getMessage());
        } else {
            stop.put("stop_reason", "error");
            error.put("error_type", "internal_error");
            error.put("message", "An error occurred during the run");
            error.put("detail", String.valueOf(e.getMessage()));
        }
        error.putNull("seq_id");
        sink.data(stop);
        sink.event("error", error);
        if (e instanceof LlmException) {
            sink.done(); // an LLM error ends the stream as Letta ends it, with [DONE]
        } else {
            sink.end();
        }
    }
}
