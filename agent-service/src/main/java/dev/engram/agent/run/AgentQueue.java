package dev.engram.agent.run;

import dev.engram.agent.web.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
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

        Busy(String runId) {
            super(409, "CONFLICT: Cannot send a new message: Another request (run_id=" + runId
                    + ") is currently being processed for this agent. Please wait for it to complete or cancel it.");
            this.runId = runId;
        }

        public String runId() {
            return runId;
        }
    }

    private final String holder = "replica-" + UUID.randomUUID();
    private final Set<Long> live = ConcurrentHashMap.newKeySet();
    private final QueueConfig config;

    public AgentQueue(QueueConfig config) {
        this.config = config;
    }

    public Uni<Lease> acquire(String agentId, String runId) {
        return acquire(agentId, runId, config.maxWait());
    }

    public Uni<Lease> acquire(String agentId, String runId, Duration maxWait) {
        Instant deadline = Instant.now().plus(maxWait);
        return Panache.withTransaction(() -> {
            QueueTicket t = new QueueTicket();
            t.agentId = agentId;
            t.runId = runId;
            t.holder = holder;
            t.heartbeatAt = Instant.now();
            t.createdAt = t.heartbeatAt;
            return t.persist().replaceWith(t);
        }).invoke(t -> live.add(t.ticket)).chain(t -> await(t, deadline, 5));
    }

    private Uni<Lease> await(QueueTicket mine, Instant deadline, long delayMs) {
        return head(mine.agentId).chain(head -> {
            if (head == null || head.ticket.equals(mine.ticket)) {
                return Uni.createFrom().item(new Lease(mine.ticket, mine.agentId, mine.runId));
            }
            if (Instant.now().isAfter(deadline)) {
                return release(new Lease(mine.ticket, mine.agentId, mine.runId))
                        .chain(() -> Uni.createFrom().failure(new Busy(head.runId)));
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(delayMs))
                    .chain(() -> await(mine, deadline, Math.min(delayMs * 2, 200)));
        });
    }

    /** The oldest ticket of the agent whose holder is still alive. */
    private Uni<QueueTicket> head(String agentId) {
        Instant alive = Instant.now().minus(config.lease());
        return Panache.withSession(() -> QueueTicket.<QueueTicket>find("agentId = ?1 and heartbeatAt > ?2 order by ticket", agentId, alive)
                .firstResult());
    }

    /** Whether some live replica holds or waits for a turn for this run. */
    public Uni<Boolean> hasLiveTicket(String runId) {
        Instant alive = Instant.now().minus(config.lease());
        return Panache.withSession(() -> QueueTicket.count("runId = ?1 and heartbeatAt > ?2", runId, alive)).map(n -> n > 0);
    }

    public Duration lease() {
        return config.lease();
    }

    public Uni<Void> release(Lease lease) {
        live.remove(lease.ticket());
        return Panache.withTransaction(() -> QueueTicket.delete("ticket", lease.ticket())).replaceWithVoid();
    }

    /** Keeps this replica's tickets alive, and clears tickets of replicas that are gone. */
    @Scheduled(every = "${engram.queue.heartbeat:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        List<Long> tickets = List.copyOf(live);
        Instant now = Instant.now();
        Uni<Integer> beat = tickets.isEmpty() ? Uni.createFrom().item(0)
                : Panache.withTransaction(() -> QueueTicket.update("heartbeatAt = ?1 where ticket in ?2", now, tickets));
        return beat.chain(() -> Panache.withTransaction(() -> QueueTicket.delete("heartbeatAt < ?1",
                now.minus(config.lease()).minus(config.lease())))).replaceWithVoid();
    }
}
