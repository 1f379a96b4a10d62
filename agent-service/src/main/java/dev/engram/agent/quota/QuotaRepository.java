package dev.engram.agent.quota;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Iterator;

/** The quota tables (org_limits, rate_buckets) and the usage budgets are counted from (steps, runs). */
@ApplicationScoped
public class QuotaRepository {

    /** An organization's usage against its budgets: this month's steps and tokens, and its runs created or running. */
    public record Usage(long monthlySteps, long monthlyTokens, long activeRuns) {
    }

    private final Pool pool;

    public QuotaRepository(Pool pool) {
        this.pool = pool;
    }

    /** The organization's own limits, or null when it has none (the defaults apply). */
    public Uni<OrgLimits> limits(String org) {
        return pool.preparedQuery("""
                        SELECT requests_per_minute, burst, concurrent_runs, monthly_steps, monthly_tokens, storage_passages
                        FROM agent.org_limits WHERE organization_id = $1""")
                .execute(Tuple.of(org))
                .map(rows -> {
                    Iterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row r = it.next();
                    return new OrgLimits(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5));
                });
    }

    /** Stores the organization's limits (all of them) and forgets its bucket when its rate changed. */
    public Uni<Void> store(String org, OrgLimits l) {
        return pool.preparedQuery("""
                        WITH old AS (SELECT requests_per_minute, burst FROM agent.org_limits WHERE organization_id = $1),
                        stored AS (
                            INSERT INTO agent.org_limits (organization_id, requests_per_minute, burst, concurrent_runs, monthly_steps,
                                                          monthly_tokens, storage_passages, updated_at)
                            VALUES ($1, $2::bigint, $3::bigint, $4::bigint, $5::bigint, $6::bigint, $7::bigint, now())
                            ON CONFLICT (organization_id) DO UPDATE SET requests_per_minute = $2, burst = $3, concurrent_runs = $4,
                                monthly_steps = $5, monthly_tokens = $6, storage_passages = $7, updated_at = now())
                        DELETE FROM agent.rate_buckets WHERE organization_id = $1
                            AND NOT EXISTS (SELECT 1 FROM old WHERE requests_per_minute IS NOT DISTINCT FROM $2
                                                                 AND burst IS NOT DISTINCT FROM $3)""")
                .execute(Tuple.from(new Object[] {org, l.requestsPerMinute(), l.burst(), l.concurrentRuns(), l.monthlySteps(),
                        l.monthlyTokens(), l.storagePassages()}))
                .replaceWithVoid();
    }

    /**
     * Takes one request from the organization's bucket, refilled for the time since it was last taken from, in one
     * statement (the row lock orders replicas): answers the seconds until a request is allowed, 0 when this one is.
     * The first request finds a full bucket. A refused request changes nothing.
     */
    public Uni<Double> take(String org, long capacity, double perSecond) {
        return pool.preparedQuery("""
                        INSERT INTO agent.rate_buckets AS b (organization_id, tokens, updated_at) VALUES ($1, $2::float8 - 1, now())
                        ON CONFLICT (organization_id) DO UPDATE
                            SET tokens = LEAST($2::float8, b.tokens + EXTRACT(EPOCH FROM now() - b.updated_at)::float8 * $3::float8) - 1, updated_at = now()
                            WHERE LEAST($2::float8, b.tokens + EXTRACT(EPOCH FROM now() - b.updated_at)::float8 * $3::float8) >= 1
                        RETURNING tokens""")
                .execute(Tuple.of(org, (double) capacity, perSecond))
                .chain(rows -> rows.rowCount() > 0 ? Uni.createFrom().item(0.0) : wait(org, capacity, perSecond));
    }

    /** Seconds until the bucket holds one request again. */
    private Uni<Double> wait(String org, long capacity, double perSecond) {
        return pool.preparedQuery("""
                        SELECT LEAST($2::float8, tokens + EXTRACT(EPOCH FROM now() - updated_at)::float8 * $3::float8) AS tokens
                        FROM agent.rate_buckets WHERE organization_id = $1""")
                .execute(Tuple.of(org, (double) capacity, perSecond))
                .map(rows -> {
                    Iterator<Row> it = rows.iterator();
                    double tokens = it.hasNext() ? it.next().getDouble("tokens") : 0;
                    return Math.max(1e-3, (1 - tokens) / perSecond);
                });
    }

    /** The organization's usage this calendar month (UTC, one row of usage_months) and its active runs. */
    public Uni<Usage> usage(String org, Instant now) {
        return pool.preparedQuery("""
                        SELECT COALESCE((SELECT steps FROM agent.usage_months WHERE organization_id = $1 AND month = $2), 0) AS steps,
                               COALESCE((SELECT tokens FROM agent.usage_months WHERE organization_id = $1 AND month = $2), 0) AS tokens,
                               (%s) AS runs""".formatted(dev.engram.agent.run.RunRepository.COUNT_ACTIVE_IN_ORGANIZATION))
                .execute(Tuple.of(org, month(now)))
                .map(QuotaRepository::usage);
    }

    /** This month's steps and tokens only (before a step: the runs going do not matter there); active runs are 0. */
    public Uni<Usage> monthly(String org, Instant now) {
        return pool.preparedQuery("SELECT steps, tokens, 0::bigint AS runs FROM agent.usage_months WHERE organization_id = $1 AND month = $2")
                .execute(Tuple.of(org, month(now)))
                .map(rows -> rows.iterator().hasNext() ? usage(rows) : new Usage(0, 0, 0));
    }

    private static LocalDate month(Instant now) {
        return YearMonth.from(now.atOffset(ZoneOffset.UTC)).atDay(1);
    }

    private static Usage usage(RowSet<Row> rows) {
        Row r = rows.iterator().next();
        return new Usage(r.getLong("steps"), r.getLong("tokens"), r.getLong("runs"));
    }
}
