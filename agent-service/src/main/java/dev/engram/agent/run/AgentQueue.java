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
 * with the id of the run it waited for.
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

    public AgentQueue(QueueConfig config, QueueRepository tickets) {
        this.config = config;
        this.tickets = tickets;
    }

    public Uni<Lease> acquire(String agentId, String runId) {
        return acquire(agentId, runId, config.maxWait());
    }

    public Uni<Lease> acquire(String agentId, String runId, Duration maxWait) {
        return take(agentId, runId).chain(t -> await(t, maxWait));
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

    /** Waits until the ticket is the oldest live one of its agent; 409 ({@link Busy}) after {@code maxWait}. */
    public Uni<Lease> await(Taken taken, Duration maxWait) {
        if (taken.turn()) {
            return Uni.createFrom().item(taken.lease());
        }
        return poll(taken.lease(), Instant.now().plus(maxWait), 5);
    }

    private Uni<Lease> poll(Lease mine, Instant deadline, long delayMs) {
        return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(delayMs))
                .chain(() -> tickets.head(mine.agentId(), Instant.now().minus(config.lease())))
                .chain(head -> {
                    if (head == null || head.ticket() == mine.ticket()) {
                        return Uni.createFrom().item(mine);
                    }
                    if (Instant.now().isAfter(deadline)) {
                        return release(mine).chain(() -> Uni.createFrom().failure(new Busy(mine.agentId(), head.runId())));
                    }
                    return poll(mine, deadline, Math.min(delayMs * 2, 200));
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
