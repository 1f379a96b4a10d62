package dev.engram.agent.folder;

import dev.engram.agent.auth.Caller;
import io.smallrye.common.vertx.VertxContext;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs file ingests, at most {@code engram.files.processing-concurrency} at a time, the others waiting in order. Each
 * runs on a Vert.x context of its own (its database sessions are not the request's, and it goes on after the request
 * has been answered), with the caller of the request that started it as that context's caller. The files queued or
 * running here are this replica's: {@link StuckFiles} keeps them alive and recovers the others.
 */
@ApplicationScoped
public class IngestWorkers {

    private final Vertx vertx;
    private final int concurrency;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private int running;

    public IngestWorkers(Vertx vertx, @ConfigProperty(name = "engram.files.processing-concurrency", defaultValue = "2") int concurrency) {
        this.vertx = vertx;
        this.concurrency = Math.max(1, concurrency);
    }

    /**
     * Queues the ingest of the file now; the answer comes when it has run, back on the caller's context. Nobody has to
     * wait for it: it runs whether or not the answer is subscribed to.
     */
    public <T> Uni<T> submit(String fileId, Supplier<Uni<T>> work) {
        Context caller = Vertx.currentContext();
        Caller who = Caller.current();
        inFlight.add(fileId);
        Uni<T> done = Uni.createFrom().<T>emitter(e -> enqueue(() -> {
            Context own = VertxContext.createNewDuplicatedContext(caller != null ? caller : vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(own, true);
            if (who != null) {
                own.putLocal(Caller.KEY, who);
            }
            own.runOnContext(v -> Uni.createFrom().<T>deferred(work::get).onTermination().invoke(() -> finished(fileId))
                    .subscribe().with(e::complete, e::fail));
        })).memoize().indefinitely();
        done.subscribe().with(x -> { }, x -> { }); // starts it; the outcome, failure included, reaches whoever waits
        return caller == null ? done : done.emitOn(command -> caller.runOnContext(v -> command.run()));
    }

    /** The files queued or being ingested by this replica. */
    public Set<String> inFlight() {
        return Set.copyOf(inFlight);
    }

    private void enqueue(Runnable start) {
        synchronized (this) {
            waiting.add(start);
        }
        drain();
    }

    private void finished(String fileId) {
        inFlight.remove(fileId);
        synchronized (this) {
            running--;
        }
        drain();
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                if (running >= concurrency || waiting.isEmpty()) {
                    return;
                }
                running++;
                next = waiting.poll();
            }
            next.run();
        }
    }
}
