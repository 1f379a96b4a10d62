package dev.engram.agent.run;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A replica's graceful stop. Once it begins (SIGTERM: Quarkus' pre-shutdown, with readiness going DOWN at the same
 * moment), the replica takes no new run and resumes no orphan, and each run under way here stops at its next step
 * boundary and lets go of its turn marked as handed over, so that another replica resumes it at once rather than
 * after the lease expires; a run still waiting here for its turn is handed over at once (see
 * {@link AgentQueue.Yielded}). The process exits when no run is left here or when the grace period is over.
 */
@ApplicationScoped
public class Drain {

    private static final Logger LOG = Logger.getLogger(Drain.class);

    /** The run left this replica at a step boundary, after {@code sent} response messages; another replica goes on. */
    public static final class HandedOver extends RuntimeException {
        private final int sent;

        public HandedOver(int sent) {
            super("handed over to another replica: this one is shutting down", null, false, false);
            this.sent = sent;
        }

        public int sent() {
            return sent;
        }
    }

    private final DrainConfig config;
    private final Set<String> runs = ConcurrentHashMap.newKeySet();
    private volatile Instant since;

    public Drain(DrainConfig config) {
        this.config = config;
    }

    /** Whether this replica is stopping: it takes no new run and hands over the ones it has at their next step. */
    public boolean started() {
        return since != null;
    }

    public synchronized void begin() {
        if (since == null) {
            since = Instant.now();
            LOG.infof("shutting down: no new runs here; %d run(s) under way hand over at their next step boundary (grace %s)",
                    runs.size(), config.grace());
        }
    }

    /** A run is under way on this replica (from its wait for its turn to its end or its hand-over). */
    public void enter(String runId) {
        runs.add(runId);
    }

    public void leave(String runId) {
        runs.remove(runId);
    }

    /** Whether the run is under way on this replica. */
    public boolean holds(String runId) {
        return runs.contains(runId);
    }

    /** Runs under way on this replica. */
    public int running() {
        return runs.size();
    }

    void preShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        begin(); // readiness goes DOWN now; requests are still answered during engram.shutdown.delay
    }

    /** Before anything else is stopped: waits until every run here is handed over or ended, within the grace period. */
    void shutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) ShutdownEvent event) {
        begin();
        Instant deadline = since.plus(config.grace());
        while (!runs.isEmpty() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (runs.isEmpty()) {
            LOG.info("shutting down: no run left on this replica");
        } else {
            LOG.warnf("shutting down: grace period over with %d run(s) mid-step %s; another replica resumes them when their lease expires",
                    runs.size(), runs);
        }
    }
}
