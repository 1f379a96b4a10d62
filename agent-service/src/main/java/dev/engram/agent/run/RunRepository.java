package dev.engram.agent.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.db.Keyset;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs and their steps. Reads go through the ORM, always within one organization. The writes of a run's life (open,
 * mark running, plan and record each step, close) happen on every message and every step, so they are single SQL
 * statements on the reactive pool: no entity is loaded, converted from JSON and dirty-checked to change a few columns.
 */
@ApplicationScoped
public class RunRepository implements PanacheRepositoryBase<Run, String> {

    public static final List<String> ACTIVE = List.of("created", "running");

    /**
     * The organization's runs that count against its concurrent runs ($1: the organization id): the early check of
     * the quota and the reservation at insert count the same thing.
     */
    public static final String COUNT_ACTIVE_IN_ORGANIZATION =
            "SELECT count(*) FROM agent.runs WHERE organization_id = $1 AND status IN ('created', 'running')";
    private static final JsonText JSON = new JsonText();

    /** How a run ended, as {@link #close} writes it. */
    public record Closing(String runId, String status, String stopReason, Instant completedAt, long durationNs, JsonNode metadata,
                          Long contextVersion) {
    }

    private final Pool pool;

    private final boolean metered;

    public RunRepository(Pool pool, dev.engram.agent.usage.UsageConfig usage) {
        this.pool = pool;
        this.metered = usage.enabled();
    }

    /** Filters of the run list; {@code conversationId} "default" means the agents' own threads. */
    public record Filter(List<String> agentIds, List<String> statuses, Boolean background, String stopReason, String conversationId) {
    }

    public Uni<Run> findInOrg(String org, String id) {
        return find("id = ?1 and organizationId = ?2", id, org).firstResult();
    }

    public Uni<Run> byIdempotencyKey(String org, String agentId, String key) {
        return find("organizationId = ?1 and agentId = ?2 and idempotencyKey = ?3", org, agentId, key).firstResult();
    }

    /** The newest run of a thread (a conversation, or the agent's own for null) whose request carried a message with this otid. */
    public Uni<Run> byOtid(String org, String agentId, String conversationId, String otid) {
        String thread = conversationId == null ? "conversationId is null" : "conversationId = :conversation";
        java.util.Map<String, Object> params = new HashMap<>(Map.of("org", org, "agent", agentId, "pattern",
                "%\"otid\":" + JSON.convertToDatabaseColumn(com.fasterxml.jackson.databind.node.TextNode.valueOf(otid)) + "%"));
        if (conversationId != null) {
            params.put("conversation", conversationId);
        }
        return find("organizationId = :org and agentId = :agent and " + thread + " and cast(request as string) like :pattern "
                + "order by createdAt desc", params).firstResult();
    }

    /** The newest run of a thread that has not ended. */
    public Uni<Run> newestActive(String org, String agentId, String conversationId) {
        return conversationId == null
                ? find("organizationId = ?1 and agentId = ?2 and conversationId is null and status in ?3 order by createdAt desc", org, agentId,
                        ACTIVE).firstResult()
                : find("organizationId = ?1 and agentId = ?2 and conversationId = ?3 and status in ?4 order by createdAt desc", org, agentId,
                        conversationId, ACTIVE).firstResult();
    }

    public Uni<List<Run>> activeOf(String org, String agentId) {
        return list("organizationId = ?1 and agentId = ?2 and status in ?3 order by createdAt", org, agentId, ACTIVE);
    }

    /** Runs still open whose turn was last touched before the cut-off: candidates for recovery. */
    public Uni<List<Run>> orphanCandidates(Instant createdBefore, int limit) {
        return find("status in ?1 and createdAt < ?2 order by createdAt", ACTIVE, createdBefore).page(0, limit).list();
    }

    /** Runs still open that a stopping replica handed over, oldest hand-over first. */
    public Uni<List<Run>> handedOver(int limit) {
        return find("status in ?1 and handedOverAt is not null order by handedOverAt", ACTIVE).page(0, limit).list();
    }

    /**
     * Lets go of the run's ticket ({@code ticket}, may be null) and marks the run handed over, in one statement: a
     * replica that looks for handed-over runs never sees the mark while the ticket is still held. The ticket keeps its
     * place in the agent's queue with no holder, live for a lease from now, for the replica that takes the run over
     * (see {@link QueueRepository#adopt}).
     */
    public Uni<Void> handOver(String runId, Long ticket, Instant at) {
        return pool.preparedQuery("""
                        WITH released AS (UPDATE agent.agent_queue SET holder = NULL, heartbeat_at = $3 WHERE ticket = $2)
                        UPDATE agent.runs SET handed_over_at = $3 WHERE id = $1 AND status IN ('created', 'running')""")
                .execute(Tuple.of(runId, ticket, time(at))).replaceWithVoid();
    }

    /**
     * A handed-over run that ended before a replica took it (cancelled): its ticket nobody holds leaves the queue, so
     * the runs behind it need not wait for it to expire, and the run is no longer waiting for a replica.
     */
    public Uni<Void> dropHandedOver(String runId) {
        return pool.preparedQuery("""
                        WITH dropped AS (DELETE FROM agent.agent_queue WHERE run_id = $1 AND holder IS NULL)
                        UPDATE agent.runs SET handed_over_at = NULL WHERE id = $1""")
                .execute(Tuple.of(runId)).replaceWithVoid();
    }

    /** A replica holds the handed-over run's turn again. */
    public Uni<Void> takenOver(String runId) {
        return pool.preparedQuery("UPDATE agent.runs SET handed_over_at = NULL WHERE id = $1").execute(Tuple.of(runId)).replaceWithVoid();
    }

    public Uni<Void> insert(Run r) {
        return insert(pool, r);
    }

    /**
     * Inserts the run only while its organization has fewer than {@code limit} runs created or running, and answers
     * whether it did. The count and the insert share one transaction under a per-organization advisory lock held until
     * commit: requests racing on one replica or on several are ordered by the lock, and each counts the runs the ones
     * before it inserted (under READ COMMITTED each statement reads what committed before it started, so the count is
     * a statement of its own, after the lock). The run row is the reservation: it stops counting once the run leaves
     * created/running, whichever way it ends.
     */
    public Uni<Boolean> insertWithin(Run r, long limit) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 16))")
                .execute(Tuple.of(r.organizationId))
                .chain(() -> tx.preparedQuery(COUNT_ACTIVE_IN_ORGANIZATION).execute(Tuple.of(r.organizationId)))
                .chain(rows -> rows.iterator().next().getLong(0) >= limit ? Uni.createFrom().item(false)
                        : insert(tx, r).replaceWith(true)));
    }

    private static Uni<Void> insert(SqlClient client, Run r) {
        return client.preparedQuery("""
                        INSERT INTO agent.runs (id, organization_id, agent_id, status, background, metadata, request_config, request,
                                                actor_id, idempotency_key, callback_url, created_at, conversation_id)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)""")
                .execute(Tuple.from(new Object[] {r.id, r.organizationId, r.agentId, r.status, r.background, json(r.metadata),
                        json(r.requestConfig), json(r.request), r.actorId, r.idempotencyKey, r.callbackUrl, time(r.createdAt),
                        r.conversationId}))
                .replaceWithVoid();
    }

    /** The run's status; null when there is no such run. */
    public Uni<String> status(String runId) {
        return pool.preparedQuery("SELECT status FROM agent.runs WHERE id = $1").execute(Tuple.of(runId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("status") : null);
    }

    /** created → running; a run cancelled while it waited for its turn stays cancelled. Answers the status after. */
    public Uni<String> markRunning(String runId) {
        return pool.preparedQuery("""
                        UPDATE agent.runs SET status = CASE WHEN status = 'created' THEN 'running' ELSE status END
                        WHERE id = $1 RETURNING status""")
                .execute(Tuple.of(runId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("status") : null);
    }

    /**
     * Closes the run (a cancelled run keeps its status and time of cancellation), notes the outcome on its agent (with
     * the window version the run left, null when unknown, for a run of the agent's own thread) and its conversation, and,
     * when {@code ticket} is not null, deletes that queue ticket: one statement, so the agent's next run never starts
     * while this one still looks open. A null {@code metadata} keeps the stored one.
     */
    public Uni<Void> close(Closing c, Long ticket) {
        return pool.preparedQuery("""
                        WITH closed AS (
                            UPDATE agent.runs SET
                                status = CASE WHEN status = 'cancelled' THEN status ELSE $2 END,
                                stop_reason = CASE WHEN status = 'cancelled' THEN 'cancelled' ELSE $3 END,
                                completed_at = CASE WHEN status = 'cancelled' AND completed_at IS NOT NULL THEN completed_at ELSE $4 END,
                                total_duration_ns = $5,
                                metadata = COALESCE($6, metadata)
                            WHERE id = $1 RETURNING agent_id, conversation_id),
                        released AS (
                            DELETE FROM agent.agent_queue WHERE ticket = $8),
                        conversation AS (
                            UPDATE agent.conversations SET last_run_completion = $4
                            WHERE id IN (SELECT conversation_id FROM closed WHERE conversation_id IS NOT NULL))
                        UPDATE agent.agents SET last_run_completion = $4, last_run_duration_ms = $7, last_stop_reason = $3,
                                                -- the window version is the agent's own thread's; a conversation's run leaves it be
                                                context_version = CASE WHEN EXISTS (SELECT 1 FROM closed WHERE conversation_id IS NULL)
                                                                       THEN $9 ELSE context_version END
                        WHERE id IN (SELECT agent_id FROM closed)""")
                .execute(Tuple.from(new Object[] {c.runId(), c.status(), c.stopReason(), time(c.completedAt()), c.durationNs(),
                        json(c.metadata()), c.durationNs() / 1_000_000, ticket, c.contextVersion()}))
                .replaceWithVoid();
    }

    /**
     * Forgets the agent's last known window version: called before the window is changed outside a run, so that no
     * request trusts a context read before that change.
     */
    public Uni<Void> forgetContextVersion(String agentId) {
        return pool.preparedQuery("UPDATE agent.agents SET context_version = NULL WHERE id = $1").execute(Tuple.of(agentId))
                .replaceWithVoid();
    }

    /**
     * Stores a step once, with its usage event ({@code llm_step}, id {@code step:<step id>}) in the same statement, so
     * in the same transaction: a step is never recorded without its usage nor its usage without the step. A replay
     * with the same step id changes nothing. Answers whether the step was new.
     */
    public Uni<Boolean> insertStep(StepRecord s) {
        return pool.preparedQuery("""
                        WITH step AS (
                            INSERT INTO agent.steps (id, organization_id, agent_id, run_id, provider_name, provider_category, model,
                                                     model_handle, model_endpoint, context_window_limit, prompt_tokens, completion_tokens,
                                                     total_tokens, cached_input_tokens, reasoning_tokens, stop_reason, status, error_type,
                                                     error_data, plan, created_at, completed_at, tool_names, step_start_ns,
                                                     llm_request_start_ns, llm_request_ns, tool_execution_ns, step_ns)
                            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
                                    $24, $25, $26, $27, $28, $29)
                            ON CONFLICT (id) DO NOTHING
                            RETURNING id),
                        counted AS (
                            INSERT INTO agent.usage_months (organization_id, month, steps, tokens)
                            SELECT $2, date_trunc('month', now() AT TIME ZONE 'UTC')::date, 1, $13 FROM step
                            ON CONFLICT (organization_id, month)
                            DO UPDATE SET steps = usage_months.steps + 1, tokens = usage_months.tokens + EXCLUDED.tokens)
                        INSERT INTO agent.usage_events (id, organization_id, agent_id, meter, quantity, unit, prompt_tokens,
                                                        completion_tokens, cached_tokens, total_tokens, provider, model, byok, step_id,
                                                        run_id, occurred_at, details)
                        SELECT 'step:' || step.id, $2, $3, 'llm_step', $13, 'tokens', $11, $12, COALESCE($14, 0), $13, $5, $7,
                               $6 = 'byok', step.id, $4, now(),
                               jsonb_build_object('model_handle', $8, 'reasoning_tokens', $15, 'status', $17, 'error_type', $18)
                        FROM step WHERE $23
                        ON CONFLICT (id) DO NOTHING
                        RETURNING id""")
                .execute(Tuple.from(new Object[] {s.id, s.organizationId, s.agentId, s.runId, s.providerName, s.providerCategory, s.model,
                        s.modelHandle, s.modelEndpoint, s.contextWindowLimit, s.promptTokens, s.completionTokens, s.totalTokens,
                        s.cachedInputTokens, s.reasoningTokens, s.stopReason, s.status, s.errorType, s.errorData, json(s.plan),
                        time(s.createdAt), time(s.completedAt), metered, s.toolNames.toArray(new String[0]), s.stepStartNs,
                        s.llmRequestStartNs, s.llmRequestNs, s.toolExecutionNs, s.stepNs}))
                .map(rows -> rows.rowCount() > 0);
    }

    /**
     * A pending step committed: success, no plan kept, its tool time from the replica that completed it, its length from the start
     * its plan recorded (a step resumed after its replica died counts the wait).
     */
    public Uni<Void> completeStep(String stepId, String stopReason, Instant completedAt, dev.engram.agent.loop.StepClock.Times times) {
        return pool.preparedQuery("""
                        UPDATE agent.steps SET status = 'success', plan = NULL, completed_at = $2, stop_reason = $3,
                                               tool_execution_ns = $4, step_ns = $5 - COALESCE(step_start_ns, $6)
                        WHERE id = $1 AND status = 'pending'""")
                .execute(Tuple.from(new Object[] {stepId, time(completedAt), stopReason, times.toolExecutionNs(),
                        dev.engram.agent.loop.StepClock.epochNanos(), times.stepStartNs()})).replaceWithVoid();
    }

    private static String json(JsonNode node) {
        return JSON.convertToDatabaseColumn(node);
    }

    private static OffsetDateTime time(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    public Uni<List<Run>> page(String org, Filter f, String after, String before, int limit, boolean ascending) {
        StringBuilder q = new StringBuilder("organizationId = :org");
        Map<String, Object> params = new HashMap<>(Map.of("org", org));
        if (f.agentIds() != null && !f.agentIds().isEmpty()) {
            q.append(" and agentId in :agents");
            params.put("agents", f.agentIds());
        }
        if (f.statuses() != null && !f.statuses().isEmpty()) {
            q.append(" and status in :statuses");
            params.put("statuses", f.statuses());
        }
        if (f.background() != null) {
            q.append(" and background = :background");
            params.put("background", f.background());
        }
        if (f.stopReason() != null) {
            q.append(" and stopReason = :stop");
            params.put("stop", f.stopReason());
        }
        if ("default".equals(f.conversationId())) {
            q.append(" and conversationId is null");
        } else if (f.conversationId() != null) {
            q.append(" and conversationId = :conversation");
            params.put("conversation", f.conversationId());
        }
        return Keyset.resolve("Run", "createdAt", org, "after", after, "run")
                .chain(a -> Keyset.resolve("Run", "createdAt", org, "before", before, "run").chain(b -> {
                    Keyset.Plan plan = Keyset.plan("createdAt", a, b, ascending, params);
                    return find(q + plan.condition() + plan.order(), params).page(0, limit).list().map(plan::arrange);
                }));
    }
}
