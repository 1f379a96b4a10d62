package dev.engram.agent.loop;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;

/**
 * The gauge {@code engram_runs_in_flight} on {@code /q/metrics}: the runs this replica holds right now, its own
 * (prepared, waiting for their agent's turn or stepping) and orphans it resumes. Kubernetes scales agent-service on it
 * (k8s/README.md, "Autoscaling"): a run mostly waits on the model, so CPU alone says little about how loaded a
 * replica is.
 */
@Singleton
public class InFlightRuns implements MeterBinder {

    private final AgentLoop loop;
    private final RunRecovery recovery;

    public InFlightRuns(AgentLoop loop, RunRecovery recovery) {
        this.loop = loop;
        this.recovery = recovery;
    }

    /** Runs this replica holds. */
    public int count() {
        return loop.inFlight() + recovery.resuming();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("engram.runs.in_flight", this, InFlightRuns::count)
                .description("Runs this replica holds: prepared, waiting for their agent's turn, stepping or resumed")
                .register(registry);
    }
}
