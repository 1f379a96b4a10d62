package dev.engram.agent.run;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The per-agent queue's table ({@code agent.agent_queue}): plain SQL on the reactive pool, a few statements per run.
 * Every message takes and gives back a ticket, so these skip the ORM's session and entity bookkeeping.
 */
@ApplicationScoped
public class QueueRepository {

    /** The oldest live ticket of an agent. */
    public record Head(long ticket, String runId) {
    }

    /**
     * A ticket just taken, the agent's head at that moment (the ticket itself when the agent was free) and the window
     * version the agent's last run left (null when unknown).
     */
    public record Taken(long ticket, Head head, Long contextVersion) {
    }

    private final Pool pool;

    public QueueRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Takes a ticket and answers the agent's head ticket and its last run's window version, in one transaction. Ticket numbers come from a sequence, but
     * two requests may commit out of numbering order, and both would then see themselves at the head. A per-agent
     * advisory lock held until commit makes the numbering order the commit order: a request never misses an older
     * ticket that was about to become visible.
     */
    public Uni<Taken> enqueue(String agentId, String runId, String holder, Instant now, Instant aliveAfter) {
        // BEGIN, lock, insert, head and COMMIT do not wait for each other's answers: sent together, the driver pipelines
        // them on one connection, one round trip in all. A failing statement aborts the transaction, and the COMMIT
        // that follows then rolls it back, so the connection goes back to the pool clean.
        return pool.withConnection(conn -> Uni.combine().all().unis(
                        conn.query("BEGIN").execute(),
                        conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 7))").execute(Tuple.of(agentId)),
                        conn.preparedQuery("""
                                        INSERT INTO agent.agent_queue (agent_id, run_id, holder, heartbeat_at, created_at)
                                        VALUES ($1, $2, $3, $4, $4) RETURNING ticket""")
                                .execute(Tuple.of(agentId, runId, holder, time(now))),
                        head(conn, agentId, aliveAfter),
                        conn.preparedQuery("SELECT context_version FROM agent.agents WHERE id = $1").execute(Tuple.of(agentId)),
                        conn.query("COMMIT").execute())
                .collectFailures()
                .asTuple().map(t -> {
                    RowIterator<Row> agent = t.getItem5().iterator();
                    Long version = agent.hasNext() ? agent.next().getLong("context_version") : null;
                    return new Taken(t.getItem3().iterator().next().getLong("ticket"), t.getItem4(), version);
                }));
    }

    /** The agent's oldest ticket whose holder heart-beat after {@code aliveAfter}; null when there is none. */
    public Uni<Head> head(String agentId, Instant aliveAfter) {
        return head(pool, agentId, aliveAfter);
    }

    private static Uni<Head> head(SqlClient client, String agentId, Instant aliveAfter) {
        return client.preparedQuery("""
                        SELECT ticket, run_id FROM agent.agent_queue
                        WHERE agent_id = $1 AND heartbeat_at > $2 ORDER BY ticket LIMIT 1""")
                .execute(Tuple.of(agentId, time(aliveAfter)))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row row = it.next();
                    return new Head(row.getLong("ticket"), row.getString("run_id"));
                });
    }

    /** Whether the run has a ticket whose holder heart-beat after {@code aliveAfter}. */
    public Uni<Boolean> hasLive(String runId, Instant aliveAfter) {
        return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM agent.agent_queue WHERE run_id = $1 AND heartbeat_at > $2) AS live")
                .execute(Tuple.of(runId, time(aliveAfter)))
                .map(rows -> rows.iterator().next().getBoolean("live"));
    }

    /**
     * Takes a ticket a stopping replica handed over (no holder) and still live: this holder heart-beats it from now on,
     * in its place in the queue. Answers the ticket, or null when there is none (taken by another replica, or expired).
     */
    public Uni<Long> adopt(String runId, String holder, Instant now, Instant aliveAfter) {
        return pool.preparedQuery("""
                        UPDATE agent.agent_queue SET holder = $2, heartbeat_at = $3
                        WHERE ticket = (SELECT ticket FROM agent.agent_queue WHERE run_id = $1 AND holder IS NULL AND heartbeat_at > $4
                                        ORDER BY ticket LIMIT 1 FOR UPDATE SKIP LOCKED)
                          AND holder IS NULL
                        RETURNING ticket""")
                .execute(Tuple.of(runId, holder, time(now), time(aliveAfter)))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong("ticket") : null);
    }

    public Uni<Void> delete(long ticket) {
        return pool.preparedQuery("DELETE FROM agent.agent_queue WHERE ticket = $1").execute(Tuple.of(ticket)).replaceWithVoid();
    }

    public Uni<Void> beat(List<Long> tickets, Instant now) {
        return pool.preparedQuery("UPDATE agent.agent_queue SET heartbeat_at = $1 WHERE ticket = ANY($2)")
                .execute(Tuple.of(time(now), tickets.toArray(Long[]::new))).replaceWithVoid();
    }

    /** Drops the tickets of holders that stopped heart-beating long ago (their replica is gone). */
    public Uni<Void> deleteStale(Instant before) {
        return pool.preparedQuery("DELETE FROM agent.agent_queue WHERE heartbeat_at < $1").execute(Tuple.of(time(before))).replaceWithVoid();
    }

    static OffsetDateTime time(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}
