package dev.engram.agent.run;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored frames of background runs' streams. Plain SQL on the reactive pool: frames are appended in batches (one
 * statement each, so a batch becomes visible at once and in order) and read by sequence number.
 */
@ApplicationScoped
public class RunEventRepository {

    /** One stored frame. */
    public record Frame(long seqId, String event, String data, boolean terminal) {
    }

    private final Pool pool;

    public RunEventRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> append(String runId, List<Frame> frames) {
        if (frames.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] seqs = new Long[frames.size()];
        String[] events = new String[frames.size()];
        String[] data = new String[frames.size()];
        Boolean[] terminal = new Boolean[frames.size()];
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            seqs[i] = f.seqId();
            events[i] = f.event();
            data[i] = f.data();
            terminal[i] = f.terminal();
        }
        return pool.preparedQuery("""
                        INSERT INTO agent.run_events (run_id, seq_id, event, data, terminal, created_at)
                        SELECT $1, s, e, d, t, $6 FROM unnest($2::bigint[], $3::text[], $4::text[], $5::boolean[]) AS x(s, e, d, t)
                        ON CONFLICT (run_id, seq_id) DO NOTHING""")
                .execute(Tuple.of(runId, seqs, events, data, terminal, OffsetDateTime.now(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Up to {@code limit} frames after {@code seqId}, in order. */
    public Uni<List<Frame>> after(String runId, long seqId, int limit) {
        return pool.preparedQuery("""
                        SELECT seq_id, event, data, terminal FROM agent.run_events WHERE run_id = $1 AND seq_id > $2
                        ORDER BY seq_id LIMIT $3""")
                .execute(Tuple.of(runId, seqId, limit))
                .map(rows -> {
                    List<Frame> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(new Frame(r.getLong("seq_id"), r.getString("event"), r.getString("data"), r.getBoolean("terminal")));
                    }
                    return out;
                });
    }

    /** The run's last sequence number (0 for none) and whether a terminal frame was stored. */
    public record Tail(long lastSeq, boolean ended) {
    }

    public Uni<Tail> tail(String runId) {
        return pool.preparedQuery("""
                        SELECT coalesce(max(seq_id), 0) AS last, coalesce(bool_or(terminal), false) AS ended
                        FROM agent.run_events WHERE run_id = $1""")
                .execute(Tuple.of(runId))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Tail(r.getLong("last"), r.getBoolean("ended"));
                });
    }

    /** Drops the frames stored before the cut-off; answers how many. */
    public Uni<Integer> pruneBefore(Instant cutoff) {
        return pool.preparedQuery("DELETE FROM agent.run_events WHERE created_at < $1")
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC))).map(rows -> rows.rowCount());
    }
}
