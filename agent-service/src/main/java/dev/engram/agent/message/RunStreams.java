package dev.engram.agent.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.loop.ResumedStreams;
import dev.engram.agent.loop.RunObserver;
import dev.engram.agent.run.Run;
import dev.engram.agent.run.RunEventRepository;
import dev.engram.agent.run.RunRepository;
import dev.engram.agent.web.ApiException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Background runs' streams, without Redis: their frames are stored in PostgreSQL as they are sent ({@link RunLog}), so
 * a client that left can replay what it missed and follow the rest, from any replica and after the replica that ran
 * the run died (the replica that resumes the run goes on writing its stream). A follower reads stored frames in
 * batches and, once it has caught up, looks again every poll interval, or at once when this replica stores frames of
 * the run. Frames are kept for the retention window ({@code engram.runs.stream-retention}).
 */
@ApplicationScoped
public class RunStreams implements ResumedStreams {

    private static final Logger LOG = Logger.getLogger(RunStreams.class);
    /** How long a finished run without an ending frame (its replica died before storing it) is waited for. */
    private static final Duration ENDING_GRACE = Duration.ofSeconds(2);

    private final RunEventRepository events;
    private final RunRepository runs;
    private final Vertx vertx;
    private final Duration retention;
    private final Map<String, Set<Runnable>> waiting = new ConcurrentHashMap<>();

    public RunStreams(RunEventRepository events, RunRepository runs, Vertx vertx,
                      @ConfigProperty(name = "engram.runs.stream-retention", defaultValue = "3h") Duration retention) {
        this.events = events;
        this.runs = runs;
        this.vertx = vertx;
        this.retention = retention;
    }

    /** The stream of a new background run, fed live to the client that started it. */
    RunLog open(String runId, FrameSink live) {
        return new RunLog(runId, 0, events, this, live);
    }

    /** A background run resumed here after its replica died goes on writing its stream where the stored frames end. */
    @Override
    public Uni<RunObserver> observe(Run run) {
        if (!run.background) {
            return Uni.createFrom().item(RunObserver.NONE);
        }
        boolean tokens = run.request != null && run.request.path("stream_tokens").asBoolean(false);
        return events.tail(run.id).map(tail -> {
            RunLog log = new RunLog(run.id, tail.lastSeq(), events, this, null);
            return new StreamObserver(log, tokens, id -> log.stored().replaceWith(true)); // handed over again: nobody here follows
        });
    }

    /**
     * The observer of a new background run fed live to a client here: when the run is handed over to another replica,
     * its stored frames are complete before that replica goes on, and the client here follows the frames it stores.
     */
    StreamObserver observer(Run run, RunLog log, SseChannel channel, boolean tokens) {
        return new StreamObserver(log, tokens, id -> log.stored().invoke(() -> {
            log.detach();
            follow(run, channel, log.lastSeq(), 1000, Duration.ofMillis(100));
        }).replaceWith(true));
    }

    /** Frames of the run were stored here: followers on this replica look now rather than at their next poll. */
    void written(String runId) {
        Set<Runnable> wake = waiting.get(runId);
        if (wake != null) {
            wake.forEach(Runnable::run);
        }
    }

    /** Letta's checks before a resume: a background run, within the retention window. */
    void checkResumable(Run run) {
        if (!run.background) {
            throw ApiException.badRequest("INVALID_ARGUMENT: Run was not created in background mode, so it cannot be retrieved.");
        }
        if (run.createdAt.isBefore(Instant.now().minus(retention))) {
            throw new ApiException(410, "EXPIRED: Run was created more than " + human(retention) + " ago, and is now expired.");
        }
    }

    private static String human(Duration d) {
        long hours = d.toHours();
        return hours > 0 && d.equals(Duration.ofHours(hours)) ? hours + (hours == 1 ? " hour" : " hours") : d.toMinutes() + " minutes";
    }

    /**
     * Replays the stored frames after {@code startingAfter} to the channel, then follows the run until its stream's
     * ending frame ({@code [DONE]} or an error event). Starting past the end of a finished stream sends nothing.
     */
    void follow(Run run, SseChannel channel, long startingAfter, int batchSize, Duration pollInterval) {
        new Follower(run.id, channel, startingAfter, Math.max(1, batchSize), pollInterval).poll();
    }

    /**
     * One client following one run. Its reads never overlap: a wake-up (frames stored here) or a timer that comes
     * while a read is under way makes that read look again when it is done, so no frame is sent twice.
     */
    private final class Follower {
        private final String runId;
        private final SseChannel channel;
        private final int batch;
        private final long pollMs;
        private long cursor;
        private Instant endedSince;
        private boolean reading;
        private boolean again;
        private boolean stopped;
        private final Runnable wake = this::poll;

        Follower(String runId, SseChannel channel, long after, int batch, Duration poll) {
            this.runId = runId;
            this.channel = channel;
            this.cursor = after;
            this.batch = batch;
            this.pollMs = Math.max(10, poll.toMillis());
            channel.keepAlive(runId);
            channel.comment();
            channel.onClose(this::forget);
            waiting.computeIfAbsent(runId, k -> new CopyOnWriteArraySet<>()).add(wake);
        }

        /** Reads now, or right after the read under way. */
        void poll() {
            synchronized (this) {
                if (stopped || channel.closed()) {
                    return;
                }
                if (reading) {
                    again = true;
                    return;
                }
                reading = true;
            }
            read();
        }

        private void read() {
            events.after(runId, cursor, batch).subscribe().with(frames -> {
                for (RunEventRepository.Frame f : frames) {
                    cursor = f.seqId();
                    channel.raw(f.event(), f.data(), f.seqId());
                    if (f.terminal()) {
                        stop();
                        return;
                    }
                }
                if (frames.size() == batch) {
                    read();
                } else {
                    idle();
                }
            }, e -> {
                LOG.debugf("following run %s: %s", runId, e.toString());
                rest();
            });
        }

        /** Caught up: ends when the stream has ended (or the run ended without its ending frame), else rests. */
        private void idle() {
            events.tail(runId).chain(tail -> tail.ended() ? Uni.createFrom().item(tail)
                            : runs.status(runId).map(status -> status != null && !RunRepository.ACTIVE.contains(status) && lapsed() ? tail : null))
                    .subscribe().with(tail -> {
                        if (tail == null) {
                            rest();
                        } else if (tail.ended() && tail.lastSeq() > cursor) {
                            read(); // the ending frame came in after this read
                        } else if (tail.ended()) {
                            stop();
                        } else {
                            endWithoutFrame();
                        }
                    }, e -> rest());
        }

        /** Nothing new: the next read comes with the next wake-up or after the poll interval. */
        private void rest() {
            synchronized (this) {
                if (again) {
                    again = false;
                } else {
                    reading = false;
                    if (!stopped && !channel.closed()) {
                        vertx.setTimer(pollMs, id -> poll());
                    }
                    return;
                }
            }
            read();
        }

        /** The run finished without its stream's ending frame: the run's stored result ends it. */
        private boolean lapsed() {
            if (endedSince == null) {
                endedSince = Instant.now();
            }
            return Instant.now().isAfter(endedSince.plus(ENDING_GRACE));
        }

        private void endWithoutFrame() {
            io.quarkus.hibernate.reactive.panache.Panache.withSession(() -> runs.findById(runId)).subscribe().with(r -> {
                JsonNode result = r == null || r.metadata == null ? null : r.metadata.get("result");
                if (result != null && result.has("stop_reason")) {
                    channel.data((ObjectNode) result.get("stop_reason").deepCopy());
                    channel.data((ObjectNode) result.get("usage").deepCopy());
                } else {
                    channel.data(JsonText.MAPPER.createObjectNode().put("message_type", "stop_reason")
                            .put("stop_reason", r == null || r.stopReason == null ? "error" : r.stopReason));
                }
                channel.done();
                stop();
            }, e -> stop());
        }

        private void stop() {
            synchronized (this) {
                stopped = true;
            }
            channel.end();
            forget();
        }

        private void forget() {
            waiting.computeIfPresent(runId, (k, set) -> {
                set.remove(wake);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** Frames past the retention window go. */
    @Scheduled(every = "${engram.runs.stream-prune-interval:10m}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return events.pruneBefore(Instant.now().minus(retention))
                .invoke(n -> {
                    if (n > 0) {
                        LOG.debugf("pruned %d stream frames older than %s", n, retention);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("pruning stream frames: %s", e.toString())).onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    List<String> followedRuns() {
        return List.copyOf(waiting.keySet());
    }
}
