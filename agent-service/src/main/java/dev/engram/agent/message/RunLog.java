package dev.engram.agent.message;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.run.RunEventRepository;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The stream of a background run: every frame gets the run's next sequence number ({@code seq_id}), is stored (for a
 * client that resumes, from this replica or another) and then goes to the client that started the run while it is
 * connected. A frame reaches that client only once it is stored, so what any client saw is what a resume finds,
 * whatever happens to this replica afterwards. Frames are written in batches, one statement in flight at a time:
 * what arrives while one is written goes in the next, so a busy stream costs a few statements per step, not one per
 * token.
 */
final class RunLog implements FrameSink {

    private static final Logger LOG = Logger.getLogger(RunLog.class);
    private static final int MAX_ATTEMPTS = 5;

    /** A frame to store (null for the end of a stream without [DONE]) and how the live client gets it. */
    private record Entry(RunEventRepository.Frame frame, Consumer<FrameSink> send) {
    }

    private final String runId;
    private final RunEventRepository events;
    private final RunStreams streams;
    private volatile FrameSink live;
    private long seq;
    private final List<Entry> pending = new ArrayList<>();
    private boolean writing;
    private final List<java.util.concurrent.CompletableFuture<Void>> storedWaiters = new ArrayList<>();

    /** @param lastSeq the run's last stored sequence number (0 for a new run; more for a run resumed after a crash) */
    RunLog(String runId, long lastSeq, RunEventRepository events, RunStreams streams, FrameSink live) {
        this.runId = runId;
        this.seq = lastSeq;
        this.events = events;
        this.streams = streams;
        this.live = live;
    }

    /** Completes once every frame added so far is stored (or given up on): another replica may go on from there. */
    io.smallrye.mutiny.Uni<Void> stored() {
        synchronized (this) {
            if (!writing && pending.isEmpty()) {
                return io.smallrye.mutiny.Uni.createFrom().voidItem();
            }
            java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
            storedWaiters.add(done);
            return io.smallrye.mutiny.Uni.createFrom().completionStage(done);
        }
    }

    /** The sequence number of the last frame added. */
    synchronized long lastSeq() {
        return seq;
    }

    /** The client that started the run left: the run and its log go on. */
    void detach() {
        live = null;
    }

    @Override
    public synchronized void data(ObjectNode json) {
        number(json);
        add(new Entry(new RunEventRepository.Frame(seq, null, json.toString(), false), to -> to.data(json)));
    }

    @Override
    public synchronized void event(String name, ObjectNode json) {
        number(json);
        add(new Entry(new RunEventRepository.Frame(seq, name, json.toString(), true), to -> to.event(name, json)));
    }

    @Override
    public synchronized void done() {
        add(new Entry(new RunEventRepository.Frame(++seq, null, "[DONE]", true), FrameSink::done));
    }

    @Override
    public synchronized void end() {
        add(new Entry(null, FrameSink::end));
    }

    /**
     * The frame's sequence number. Every stored frame takes the next one; the frame shows it where its schema has a
     * {@code seq_id} (messages, pings, errors), not on stop_reason and usage_statistics, as Letta shows them.
     */
    private void number(ObjectNode json) {
        ++seq;
        if (json.has("seq_id")) {
            json.put("seq_id", seq);
        }
    }

    /** Queues a frame; starts a write unless one is under way (that one starts the next when it is done). */
    private void add(Entry entry) {
        pending.add(entry);
        if (!writing) {
            writing = true;
            write(0);
        }
    }

    private void write(int attempt) {
        List<Entry> taken = null;
        List<java.util.concurrent.CompletableFuture<Void>> waiters = List.of();
        synchronized (this) {
            if (pending.isEmpty()) {
                writing = false;
                waiters = List.copyOf(storedWaiters);
                storedWaiters.clear();
            } else {
                taken = List.copyOf(pending);
                pending.clear();
            }
        }
        if (taken == null) {
            waiters.forEach(w -> w.complete(null)); // outside the lock: a waiter may add frames at once
            return;
        }
        List<Entry> batch = taken;
        List<RunEventRepository.Frame> frames = batch.stream().map(Entry::frame).filter(Objects::nonNull).toList();
        events.append(runId, frames).subscribe().with(v -> {
            forward(batch);
            streams.written(runId);
            write(0);
        }, e -> {
            if (attempt + 1 >= MAX_ATTEMPTS) {
                LOG.warnf("frames of run %s could not be stored (%s): a client that resumes will miss them", runId, e.toString());
                forward(batch);
                write(0);
                return;
            }
            synchronized (this) {
                pending.addAll(0, batch); // in order, before what came meanwhile
            }
            io.smallrye.mutiny.Uni.createFrom().voidItem().onItem().delayIt().by(java.time.Duration.ofMillis(200L << attempt))
                    .subscribe().with(x -> write(attempt + 1));
        });
    }

    private void forward(List<Entry> batch) {
        FrameSink to = live;
        if (to != null) {
            batch.forEach(entry -> entry.send().accept(to));
        }
    }
}
