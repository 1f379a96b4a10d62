package dev.engram.agent.run;

import dev.engram.agent.web.ApiException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One step at a time per agent, across replicas, in arrival order: a request takes a ticket in PostgreSQL and runs
 * when its ticket is the oldest live one of its agent. Tickets are kept alive by heartbeats; a replica that dies
 * stops heart-beating and its turn passes after the lease time. A request that waits longer than allowed gets 409
 * with the id of the run it waited for. A run still waiting when its replica begins to stop is {@link Yielded}: its
 * ticket is handed over in its place (see {@link RunService#handOver}) and another replica {@link #adopt}s it.
 */
@ApplicationScoped
public class AgentQueue {

    /** A held turn; give it back with {@link #release}. */
    public record Lease(long ticket, String agentId, String runId) {
    }

    /** The agent is busy with another run: 409 with that run's id. */
    public static final class Busy extends ApiException {
        private final String runId;

        /** @param key what the run queued on: an agent's own thread, or a conversation (Letta's wording for each) */
        Busy(String key, String runId) {
            super(409, "CONFLICT: Cannot send a new message: Another request (run_id=" + runId + ") is currently being processed for this "
                    + (key.startsWith("conv-") ? "conversation. Please wait for it to complete."
                    : "agent. Please wait for it to complete or cancel it."), java.util.Map.of("run_id", runId));
            this.runId = runId;
        }

        public String runId() {
            return runId;
        }
    }

    /**
     * The replica began to stop while the run waited for its turn: the caller hands the lease's ticket over (it keeps
     * its place in the queue) rather than giving it back.
     */
    public static final class Yielded extends RuntimeException {
        private final Lease lease;

        Yielded(Lease lease) {
            super("this replica is shutting down: the waiting run is handed over", null, false, false);
            this.lease = lease;
        }

        public Lease lease() {
            return lease;
        }
    }

    /**
     * A ticket just taken, with the agent's oldest live ticket at that moment (itself when the agent was free) and the
     * window version the agent's last run left behind (null when unknown).
     */
    public record Taken(Lease lease, QueueRepository.Head head, Long contextVersion) {
        public boolean turn() {
            return head != null && head.ticket() == lease.ticket();
        }
    }

    private final String holder = "replica-" + UUID.randomUUID();
    private final Set<Long> live = ConcurrentHashMap.newKeySet();
    private final QueueConfig config;
    private final QueueRepository tickets;
    private final Drain drain;

    public AgentQueue(QueueConfig config, QueueRepository tickets, Drain drain) {
        this.config = config;
        this.tickets = tickets;
        this.drain = drain;
    }

    /** The turn for something other than a run (a compaction): it waits on whether the replica stops or not. */
    public Uni<Lease> acquire(String agentId, String runId) {
        return take(agentId, runId).chain(t -> poll(t.lease(), Instant.now().plus(config.maxWait()), 5, false, t.turn()));
    }

    /** The turn for a run; {@link Yielded} when the replica begins to stop before it came. */
    public Uni<Lease> acquireRun(String agentId, String runId) {
        return acquireRun(agentId, runId, config.maxWait());
    }

    public Uni<Lease> acquireRun(String agentId, String runId, Duration maxWait) {
        return take(agentId, runId).chain(t -> await(t, maxWait));
    }

    /**
     * Takes over the run's ticket a stopping replica handed over, in its place in the queue (kept alive from now on);
     * null when there is none to take: another replica took it, or it expired.
     */
    public Uni<Taken> adopt(String agentId, String runId) {
        Instant now = Instant.now();
        return tickets.adopt(runId, holder, now, now.minus(config.lease())).map(ticket -> {
            if (ticket == null) {
                return null;
            }
            live.add(ticket);
            return new Taken(new Lease(ticket, agentId, runId), null, null);
        });
    }

    /** Takes a ticket (kept alive from now on) without waiting for the turn: {@link #await} waits. */
    public Uni<Taken> take(String agentId, String runId) {
        Instant now = Instant.now();
        return tickets.enqueue(agentId, runId, holder, now, now.minus(config.lease())).map(taken -> {
            live.add(taken.ticket());
            return new Taken(new Lease(taken.ticket(), agentId, runId), taken.head(), taken.contextVersion());
        });
    }

    public Uni<Lease> await(Taken taken) {
        return await(taken, config.maxWait());
    }

    /**
     * Waits until the run's ticket is the oldest live one of its agent; 409 ({@link Busy}) after {@code maxWait},
     * {@link Yielded} as soon as the replica begins to stop (the ticket is still held then).
     */
    public Uni<Lease> await(Taken taken, Duration maxWait) {
        return poll(taken.lease(), Instant.now().plus(maxWait), 5, true, taken.turn());
    }

    private Uni<Lease> poll(Lease mine, Instant deadline, long delayMs, boolean yields, boolean turn) {
        if (turn) {
            return Uni.createFrom().item(mine);
        }
        if (yields && drain.started()) {
            return Uni.createFrom().failure(new Yielded(mine));
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(delayMs))
                .chain(() -> tickets.head(mine.agentId(), Instant.now().minus(config.lease())))
                .chain(head -> {
                    if (head == null || head.ticket() == mine.ticket()) {
                        return Uni.createFrom().item(mine);
                    }
                    if (Instant.now().isAfter(deadline)) {
                        return release(mine).chain(() -> Uni.createFrom().failure(new Busy(mine.agentId(), head.runId())));
                    }
                    return poll(mine, deadline, Math.min(delayMs * 2, 200), yields, false);
                });
    }

    /** Whether some live replica holds or waits for a turn for this run. */
    public Uni<Boolean> hasLiveTicket(String runId) {
        return tickets.hasLive(runId, Instant.now().minus(config.lease()));
    }

    public Duration lease() {
        return config.lease();
    }

    /** Gives the turn back; nothing to do when it was given back already (see {@link #handOver}). */
    public Uni<Void> release(Lease lease) {
        if (!live.remove(lease.ticket())) {
            return Uni.createFrom().voidItem();
        }
        return tickets.delete(lease.ticket());
    }

    /**
     * Stops keeping the lease's ticket alive and answers it, for a caller that deletes it in a statement of its own
     * (closing a run gives its turn back in the same statement); null when the turn was given back already. A caller
     * whose statement fails deletes the ticket with {@link #delete}.
     */
    public Long handOver(Lease lease) {
        return lease != null && live.remove(lease.ticket()) ? lease.ticket() : null;
    }

    public Uni<Void> delete(long ticket) {
        return tickets.delete(ticket);
    }

    /** Keeps this replica's tickets alive, and clears tickets of replicas that are gone. */
    @Scheduled(every = "${engram.queue.heartbeat:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        List<Long> mine = List.copyOf(live);
        Instant now = Instant.now();
        Uni<Void> beat = mine.isEmpty() ? Uni.createFrom().voidItem() : tickets.beat(mine, now);
        return beat.chain(() -> tickets.deleteStale(now.minus(config.lease()).minus(config.lease())));
    }
}
