package dev.engram.agent.usage;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Usage events: written once by id, read back summed, always within one organization. */
@ApplicationScoped
public class UsageRepository {

    private final Pool pool;

    public UsageRepository(Pool pool) {
        this.pool = pool;
    }

    /** Writes the event unless one with its id exists; answers whether it was new. */
    public Uni<Boolean> insert(UsageEvent e) {
        return pool.preparedQuery("""
                        INSERT INTO agent.usage_events (id, organization_id, agent_id, meter, quantity, unit, prompt_tokens,
                                                        completion_tokens, cached_tokens, total_tokens, provider, model, byok, step_id,
                                                        run_id, occurred_at, details)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::jsonb)
                        ON CONFLICT (id) DO NOTHING""")
                .execute(Tuple.from(new Object[] {e.id(), e.organizationId(), e.agentId(), e.meter().wire, e.quantity(), e.meter().unit,
                        e.promptTokens(), e.completionTokens(), e.cachedTokens(), e.totalTokens(), e.provider(), e.model(), e.byok(),
                        e.stepId(), e.runId(), time(e.occurredAt()), e.details() == null ? null : e.details().toString()}))
                .map(rows -> rows.rowCount() > 0);
    }

    /** One line of a summary: the group's key (null when not grouped) and one meter's sums. */
    public record Sum(String key, String meter, String unit, long events, long quantity, long promptTokens, long completionTokens,
                      long cachedTokens, long totalTokens) {
    }

    /**
     * Sums of the organization's events in [start, end), by meter and, unless {@code groupColumn} is null, by that
     * SQL expression too (one of the fixed ones of {@link GroupBy}: never user text).
     */
    public Uni<List<Sum>> sums(String org, Instant start, Instant end, String groupColumn) {
        String key = groupColumn == null ? "NULL::text" : groupColumn;
        return pool.preparedQuery("""
                        SELECT %s AS key, meter, min(unit) AS unit, count(*) AS events, sum(quantity) AS quantity,
                               sum(COALESCE(prompt_tokens, 0)) AS prompt, sum(COALESCE(completion_tokens, 0)) AS completion,
                               sum(COALESCE(cached_tokens, 0)) AS cached, sum(COALESCE(total_tokens, 0)) AS total
                        FROM agent.usage_events
                        WHERE organization_id = $1 AND occurred_at >= $2 AND occurred_at < $3
                        GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, 2""".formatted(key))
                .execute(Tuple.of(org, time(start), time(end)))
                .map(rows -> {
                    List<Sum> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(sum(r));
                    }
                    return out;
                });
    }

    /** Hourly sums per organization and meter, oldest first: what the billing export is made of. Null org: every one. */
    public Uni<List<Hourly>> hourly(String org, Instant start, Instant end) {
        return pool.preparedQuery("""
                        SELECT organization_id, meter, date_trunc('hour', occurred_at, 'UTC') AS hour, min(unit) AS unit,
                               count(*) AS events, sum(quantity) AS quantity,
                               sum(COALESCE(prompt_tokens, 0)) AS prompt, sum(COALESCE(completion_tokens, 0)) AS completion,
                               sum(COALESCE(cached_tokens, 0)) AS cached, sum(COALESCE(total_tokens, 0)) AS total
                        FROM agent.usage_events
                        WHERE ($1::text IS NULL OR organization_id = $1) AND occurred_at >= $2 AND occurred_at < $3
                        GROUP BY 1, 2, 3 ORDER BY 3, 1, 2""")
                .execute(Tuple.of(org, time(start), time(end)))
                .map(rows -> {
                    List<Hourly> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Hourly(r.getString("organization_id"), r.getString("meter"),
                                r.getOffsetDateTime("hour").toInstant(), sum(r)));
                    }
                    return out;
                });
    }

    /** One organization's sums of one meter in one hour. */
    public record Hourly(String organizationId, String meter, Instant hour, Sum sum) {
    }

    /**
     * Writes {@code active_agents_daily} for the day, for every organization that had a step that day (agents with at
     * least one {@code llm_step} event): {@code active_agents:<org>:<day>}, once.
     */
    public Uni<Integer> recordActiveAgents(LocalDate day) {
        return pool.preparedQuery("""
                        INSERT INTO agent.usage_events (id, organization_id, meter, quantity, unit, occurred_at, details)
                        SELECT 'active_agents:' || organization_id || ':' || $1::text, organization_id, 'active_agents_daily',
                               count(DISTINCT agent_id), 'agents', $2, jsonb_build_object('day', $1::text)
                        FROM agent.usage_events
                        WHERE meter = 'llm_step' AND occurred_at >= $2 AND occurred_at < $3
                        GROUP BY organization_id
                        ON CONFLICT (id) DO NOTHING""")
                .execute(Tuple.of(day.toString(), day.atStartOfDay().atOffset(ZoneOffset.UTC),
                        day.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }

    /** Organizations that have agents and no storage snapshot for the day yet. */
    public Uni<List<String>> organizationsWithoutStorage(LocalDate day) {
        return pool.preparedQuery("""
                        SELECT DISTINCT organization_id FROM agent.agents a
                        WHERE NOT EXISTS (SELECT 1 FROM agent.usage_events e WHERE e.id = 'storage:' || a.organization_id || ':' || $1::text)
                        ORDER BY 1""")
                .execute(Tuple.of(day.toString()))
                .map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                });
    }

    private static Sum sum(Row r) {
        return new Sum(r.getColumnIndex("key") >= 0 ? r.getString("key") : null, r.getString("meter"), r.getString("unit"),
                r.getLong("events"), number(r, "quantity"), number(r, "prompt"), number(r, "completion"), number(r, "cached"),
                number(r, "total"));
    }

    /** sum(bigint) is numeric in PostgreSQL. */
    private static long number(Row r, String column) {
        Object v = r.getValue(column);
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static OffsetDateTime time(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}
