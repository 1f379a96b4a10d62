package dev.engram.agent.loop;

import dev.engram.agent.run.AgentQueue;
import dev.engram.agent.run.Drain;
import dev.engram.agent.run.Run;
import dev.engram.agent.run.RunRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks up runs whose replica died: a run still open whose turn no live replica holds or waits for (its ticket's lease
 * expired) is resumed here. Every replica runs this; the agent's queue makes sure one of them runs it at a time, and a
 * resumed run checks it is still open once it has the turn. A run a stopping replica handed over is resumed at once
 * (looked for every {@code engram.runs.takeover-interval}), with the ticket it left in its agent's queue: it keeps its
 * place, running or waiting. A replica that is stopping itself resumes nothing.
 */
@ApplicationScoped
public class RunRecovery {

    private static final Logger LOG = Logger.getLogger(RunRecovery.class);

    private final RunRepository runs;
    private final AgentQueue queue;
    private final AgentLoop loop;
    private final Drain drain;
    private final Set<String> resuming = ConcurrentHashMap.newKeySet();

    public RunRecovery(RunRepository runs, AgentQueue queue, AgentLoop loop, Drain drain) {
        this.runs = runs;
        this.queue = queue;
        this.loop = loop;
        this.drain = drain;
    }

    /** How many orphaned runs this replica is resuming. */
    int resuming() {
        return resuming.size();
    }

    @Scheduled(every = "${engram.runs.recovery-interval:5s}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> recover() {
        if (drain.started()) {
            return Uni.createFrom().voidItem();
        }
        Instant cutoff = Instant.now().minus(queue.lease());
        return Panache.withSession(() -> runs.orphanCandidates(cutoff, 50)).chain(this::resumeOrphans)
                .onFailure().invoke(e -> LOG.warnf("run recovery: %s", e.toString())).onFailure().recoverWithNull();
    }

    /** Runs a stopping replica handed over at a step boundary: nobody holds their turn, none waits for the lease. */
    @Scheduled(every = "${engram.runs.takeover-interval:1s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> takeOver() {
        if (drain.started()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> runs.handedOver(50)).chain(this::adoptAndResume)
                .onFailure().invoke(e -> LOG.warnf("run take-over: %s", e.toString())).onFailure().recoverWithNull();
    }

    /**
     * Takes each handed-over run's ticket (one replica wins it) and resumes the run in its place; a run whose ticket is
     * gone (given back, or expired) is resumed as an orphan.
     */
    private Uni<Void> adoptAndResume(List<Run> candidates) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Run run : candidates) {
            if (resuming.contains(run.id) || loop.isLocal(run.id)) {
                continue;
            }
            chain = chain.chain(() -> queue.adopt(run.queueKey(), run.id).chain(taken -> {
                if (taken == null) {
                    return resumeOrphans(List.of(run));
                }
                if (drain.started() || !resuming.add(run.id)) {
                    // not resumed here after all: the ticket is left for the next replica to look, in its place
                    return runs.handOver(run.id, queue.handOver(taken.lease()), Instant.now());
                }
                loop.resume(run, taken).onTermination().invoke(() -> resuming.remove(run.id))
                        .subscribe().with(r -> { }, e -> LOG.warnf("resuming run %s failed: %s", run.id, e.toString()));
                return Uni.createFrom().voidItem();
            }));
        }
        return chain;
    }

    private Uni<Void> resumeOrphans(List<Run> candidates) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Run run : candidates) {
            if (resuming.contains(run.id) || loop.isLocal(run.id)) {
                continue;
            }
            chain = chain.chain(() -> queue.hasLiveTicket(run.id).invoke(live -> {
                if (!live && !drain.started() && resuming.add(run.id)) {
                    loop.resume(run).onTermination().invoke(() -> resuming.remove(run.id))
                            .subscribe().with(r -> { }, e -> LOG.warnf("resuming run %s failed: %s", run.id, e.toString()));
                }
            }).replaceWithVoid());
        }
        return chain;
    }
}
