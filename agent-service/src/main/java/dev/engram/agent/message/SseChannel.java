package dev.engram.agent.message;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * One SSE response framed as Letta frames it: unnamed {@code data:} frames, named {@code event: error} only for errors,
 * keep-alive pings after 20 s of silence (carrying the last sequence number sent, when frames carry them). Writes hop
 * onto the request's Vert.x context; once the client has gone, they are dropped (the run goes on).
 */
final class SseChannel implements FrameSink {

    static final long KEEPALIVE_MS = 20_000;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    private final HttpServerResponse response;
    private final Context context;
    private final boolean pings;
    private volatile boolean closed;
    private volatile long lastWrite = System.currentTimeMillis();
    private long timer = -1;
    private String runId;
    private volatile Long lastSeq;

    SseChannel(HttpServerResponse response, boolean pings) {
        this.response = response;
        this.context = Vertx.currentContext();
        this.pings = pings;
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.closeHandler(v -> closed = true);
    }

    /**
     * Starts keep-alives (when pings are on) for the run; the first frame (the run's own ping, or a comment when pings
     * are off) is the caller's.
     */
    void keepAlive(String run) {
        this.runId = run;
        if (pings) {
            Vertx vertx = context.owner();
            timer = vertx.setPeriodic(5_000, id -> {
                if (closed) {
                    vertx.cancelTimer(id);
                } else if (System.currentTimeMillis() - lastWrite >= KEEPALIVE_MS) {
                    data(ping(runId, lastSeq));
                }
            });
        }
    }

    /** Sends the response's headers with a comment, for a stream whose first frame may take a while. */
    void comment() {
        write(":\n\n");
    }

    boolean pings() {
        return pings;
    }

    boolean closed() {
        return closed;
    }

    /** Runs when the client goes away. */
    void onClose(Runnable action) {
        response.closeHandler(v -> {
            closed = true;
            action.run();
        });
    }

    @Override
    public void data(ObjectNode json) {
        if (json.hasNonNull("seq_id")) {
            lastSeq = json.get("seq_id").asLong();
        }
        write("data: " + json.toString() + "\n\n");
    }

    /** A frame as stored: its data text and event name as they were sent. */
    void raw(String event, String data, long seq) {
        lastSeq = seq;
        write((event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n");
    }

    @Override
    public void event(String name, ObjectNode json) {
        write("event: " + name + "\ndata: " + json.toString() + "\n\n");
    }

    @Override
    public void done() {
        write("data: [DONE]\n\n");
        end();
    }

    @Override
    public void end() {
        context.runOnContext(v -> {
            if (timer >= 0) {
                context.owner().cancelTimer(timer);
            }
            if (!closed && !response.ended()) {
                response.end();
            }
            closed = true;
        });
    }

    /** Letta's ping frame for the run; {@code seqId} the last sequence number sent, or null. */
    static ObjectNode ping(String runId, Long seqId) {
        ObjectNode ping = JsonText.MAPPER.createObjectNode();
        ping.put("id", "ping-" + UUID.randomUUID());
        ping.put("date", DATE.format(Instant.now()));
        ping.putNull("name");
        ping.put("message_type", "ping");
        ping.putNull("otid");
        ping.putNull("sender_id");
        ping.putNull("step_id");
        ping.putNull("is_err");
        if (seqId == null) {
            ping.putNull("seq_id");
        } else {
            ping.put("seq_id", seqId);
        }
        ping.put("run_id", runId);
        return ping;
    }

    private void write(String frame) {
        lastWrite = System.currentTimeMillis();
        context.runOnContext(v -> {
            if (!closed && !response.ended()) {
                response.write(frame).onFailure(e -> closed = true);
            }
        });
    }
}
