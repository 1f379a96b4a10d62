package dev.engram.memory.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.memory.json.JsonText;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Committed steps, and the statements of a step commit. A commit runs on every step, so it is plain SQL (lock and
 * check, then write), not entities loaded, tracked and flushed one by one: pipelined on a pooled connection in the
 * common case, or in the caller's ORM transaction.
 */
@ApplicationScoped
public class StepCommitRepository implements PanacheRepositoryBase<StepCommit, String> {

    private static final JsonText JSON = new JsonText();

    /**
     * The thread's window, locked until the transaction ends, as a commit sees it.
     *
     * @param version        the window's version
     * @param done           whether a step with this id was committed already
     * @param unknownIds     how many of the ids asked about are neither in the window nor stored messages of the agent
     *                       (of any of its threads: a fork's window names messages of the thread it came from)
     * @param systemRewrites how many of the rewrite ids asked about are system messages of the agent
     */
    public record Locked(long version, boolean done, long unknownIds, long systemRewrites) {
    }

    // $n placeholders, as the reactive driver takes them; the ORM path rewrites them to ?n (see jpa)
    private static final String LOCK = """
            SELECT c.version,
                   EXISTS (SELECT 1 FROM memory.step_commits s WHERE s.step_id = $3) AS done,
                   (SELECT count(*) FROM jsonb_array_elements_text(CAST(CAST($4 AS text) AS jsonb)) AS w(id)
                    WHERE w.id <> ALL (c.message_ids)
                      AND NOT EXISTS (SELECT 1 FROM memory.messages m
                                      WHERE m.id = w.id AND m.organization_id = c.organization_id AND m.agent_id = c.agent_id)) AS unknown,
                   (SELECT count(*) FROM memory.messages m
                    WHERE m.id IN (SELECT jsonb_array_elements_text(CAST(CAST($5 AS text) AS jsonb)))
                      AND m.organization_id = c.organization_id AND m.agent_id = c.agent_id AND m.role = 'system') AS system_rewrites
            FROM memory.agent_contexts c
            WHERE c.agent_id = $1 AND c.conversation_id = $6 AND c.organization_id = $2
            FOR UPDATE OF c""";

    private static final String WRITE = """
            WITH incoming AS (
                SELECT * FROM jsonb_to_recordset(CAST(CAST($1 AS text) AS jsonb))
                    AS x(ord int, id text, role text, content text, text text, name text, tool_calls text, tool_call_id text,
                         tool_returns text, approvals text, model text, otid text, sender_id text, group_id text, step_id text,
                         run_id text, is_err boolean, created_at timestamptz)),
            inserted AS (
                INSERT INTO memory.messages (id, organization_id, agent_id, role, content, text, name, tool_calls, tool_call_id,
                                             tool_returns, approvals, model, otid, sender_id, group_id, step_id, run_id, is_err, created_at,
                                             conversation_id)
                SELECT id, CAST($2 AS text), CAST($3 AS text), role, content, text, name, tool_calls, tool_call_id, tool_returns,
                       approvals, model, otid, sender_id, group_id, step_id, run_id, is_err, created_at, CAST($9 AS text)
                FROM incoming ORDER BY ord),
            window_ids AS (
                SELECT ARRAY(SELECT e FROM jsonb_array_elements_text(CAST(CAST($4 AS text) AS jsonb)) WITH ORDINALITY AS w(e, i)
                             ORDER BY i) AS ids),
            context AS (
                INSERT INTO memory.agent_contexts (agent_id, conversation_id, organization_id, message_ids, version, updated_at)
                SELECT CAST($3 AS text), COALESCE(CAST($9 AS text), 'default'), CAST($2 AS text), ids, CAST($5 AS bigint),
                       CAST($6 AS timestamptz) FROM window_ids
                ON CONFLICT (agent_id, conversation_id) DO UPDATE
                    SET message_ids = EXCLUDED.message_ids, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at)
            INSERT INTO memory.step_commits (step_id, organization_id, agent_id, run_id, context_version, message_ids, committed_at,
                                             conversation_id)
            SELECT CAST($7 AS text), CAST($2 AS text), CAST($3 AS text), CAST($8 AS text), CAST($5 AS bigint), ids,
                   CAST($6 AS timestamptz), CAST($9 AS text) FROM window_ids""";

    private static final String REWRITE = """
            UPDATE memory.messages m SET content = x.content, text = x.text
            FROM jsonb_to_recordset(CAST(CAST($1 AS text) AS jsonb)) AS x(id text, content text, text text)
            WHERE m.id = x.id AND m.organization_id = $2 AND m.agent_id = $3 AND m.role = 'system'""";

    // the same statements with the ORM's positional parameters, for the ORM path
    private static final String LOCK_JPA = jpa(LOCK);
    private static final String WRITE_JPA = jpa(WRITE);
    private static final String REWRITE_JPA = jpa(REWRITE);

    /**
     * What a step commit writes, ready for its statements.
     *
     * @param conversationId the thread, null for the agent's default thread
     */
    public record Writes(String org, String agentId, String conversationId, String stepId, String runId, List<MessageData> messages,
                         List<String> window, Collection<String> others, Map<String, JsonNode> rewrites, Instant now) {

        /** The thread's key in agent_contexts. */
        String thread() {
            return conversationId == null ? AgentContext.DEFAULT : conversationId;
        }

        Object[] lockArgs() {
            return new Object[] {agentId, org, stepId, jsonArray(others), jsonArray(rewrites.keySet()), thread()};
        }

        Object[] writeArgs(long version, boolean reactive) {
            Object time = reactive ? now.atOffset(ZoneOffset.UTC) : now;
            return new Object[] {messageRows(messages), org, agentId, jsonArray(window), version, time, stepId, runId, conversationId};
        }

        Object[] rewriteArgs() {
            ArrayNode rows = JsonText.MAPPER.createArrayNode();
            rewrites.forEach((id, content) -> rows.addObject().put("id", id).put("content", JSON.convertToDatabaseColumn(content))
                    .put("text", MessageTexts.of(new MessageData(id, agentId, "system", content, null, null, null, null, null, null,
                            null, null, null, null, null, null, null, null, null))));
            return new Object[] {rows.toString(), org, agentId};
        }
    }

    private final Pool pool;

    public StepCommitRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * The common case of a commit, on one pooled connection in two round trips: BEGIN with the lock, then the writes
     * with COMMIT (statements sent together are pipelined by the driver). Answers the new window version; or null,
     * after rolling back, when the step is anything but the common case (the thread has no window yet, the step was
     * committed before, the window moved, unknown ids, a rewrite of anything but the agent's system message). The
     * caller then commits through {@link #lock} and {@link #write} in an ORM transaction, which tells those cases apart.
     */
    public Uni<Long> commitPipelined(Writes w, Long expectedVersion) {
        return pool.withConnection(conn -> Uni.combine().all()
                .unis(conn.query("BEGIN").execute(), conn.preparedQuery(LOCK).execute(Tuple.from(w.lockArgs())))
                .collectFailures().asTuple()
                .chain(begun -> {
                    RowIterator<Row> it = begun.getItem2().iterator();
                    Locked l = it.hasNext() ? locked(it.next()) : null;
                    boolean common = l != null && !l.done() && l.unknownIds() == 0 && l.systemRewrites() == w.rewrites().size()
                            && (expectedVersion == null || expectedVersion == l.version());
                    if (!common) {
                        return conn.query("ROLLBACK").execute().replaceWith((Long) null);
                    }
                    long version = l.version() + 1;
                    List<Uni<?>> writes = new ArrayList<>();
                    if (!w.rewrites().isEmpty()) {
                        writes.add(conn.preparedQuery(REWRITE).execute(Tuple.from(w.rewriteArgs())));
                    }
                    writes.add(conn.preparedQuery(WRITE).execute(Tuple.from(w.writeArgs(version, true))));
                    // after a failed statement PostgreSQL answers this COMMIT by rolling back
                    writes.add(conn.query("COMMIT").execute());
                    return Uni.combine().all().unis(writes).collectFailures().discardItems().replaceWith(version);
                })
                .onFailure().call(e -> conn.query("ROLLBACK").execute().onFailure().recoverWithNull()));
    }

    private static Locked locked(Row r) {
        return new Locked(r.getLong("version"), r.getBoolean("done"), r.getLong("unknown"), r.getLong("system_rewrites"));
    }

    /**
     * Locks the thread's window (commits of one thread apply one after another) and answers what a commit checks, in
     * one statement of the caller's ORM transaction; null when the thread has no window yet.
     */
    public Uni<Locked> lock(Writes w) {
        return getSession().chain(s -> bind(s.createNativeQuery(LOCK_JPA, Object[].class), w.lockArgs()).getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return null;
                    }
                    Object[] r = rows.getFirst();
                    return new Locked(((Number) r[0]).longValue(), (Boolean) r[1], ((Number) r[2]).longValue(), ((Number) r[3]).longValue());
                });
    }

    /**
     * Writes a step in the caller's ORM transaction: the rewrites, then in one statement its new messages (stored in list
     * order), the thread's new window and version, and the record that the step was committed.
     */
    public Uni<Void> write(Writes w, long version) {
        Uni<Void> rewrites = w.rewrites().isEmpty() ? Uni.createFrom().voidItem()
                : getSession().chain(s -> bind(s.createNativeQuery(REWRITE_JPA), w.rewriteArgs()).executeUpdate()).replaceWithVoid();
        return rewrites.chain(() -> getSession().chain(s -> bind(s.createNativeQuery(WRITE_JPA), w.writeArgs(version, false))
                .executeUpdate())).replaceWithVoid();
    }

    /** Forgets the committed steps of a conversation. */
    public Uni<Long> deleteConversation(String org, String agentId, String conversationId) {
        return delete("agentId = ?1 and conversationId = ?2 and organizationId = ?3", agentId, conversationId, org);
    }

    private static <Q extends org.hibernate.reactive.mutiny.Mutiny.AbstractQuery> Q bind(Q query, Object[] args) {
        for (int i = 0; i < args.length; i++) {
            query.setParameter(i + 1, args[i]);
        }
        return query;
    }

    /** The statement with the ORM's positional parameters ({@code ?n}) for the driver's ({@code $n}). */
    private static String jpa(String sql) {
        return sql.replaceAll("\\$(\\d+)", "?$1");
    }

    private static String messageRows(List<MessageData> messages) {
        ArrayNode rows = JsonText.MAPPER.createArrayNode();
        for (int i = 0; i < messages.size(); i++) {
            MessageData m = messages.get(i);
            ObjectNode row = rows.addObject().put("ord", i).put("id", m.id()).put("role", m.role())
                    .put("content", JSON.convertToDatabaseColumn(m.content())).put("text", MessageTexts.of(m)).put("name", m.name())
                    .put("tool_calls", JSON.convertToDatabaseColumn(m.toolCalls())).put("tool_call_id", m.toolCallId())
                    .put("tool_returns", JSON.convertToDatabaseColumn(m.toolReturns()))
                    .put("approvals", JSON.convertToDatabaseColumn(m.approvals())).put("model", m.model()).put("otid", m.otid())
                    .put("sender_id", m.senderId()).put("group_id", m.groupId()).put("step_id", m.stepId()).put("run_id", m.runId())
                    .put("created_at", m.createdAt().toString());
            if (m.isErr() != null) {
                row.put("is_err", m.isErr());
            }
        }
        return rows.toString();
    }

    private static String jsonArray(Collection<String> ids) {
        ArrayNode a = JsonText.MAPPER.createArrayNode();
        ids.forEach(a::add);
        return a.toString();
    }
}
