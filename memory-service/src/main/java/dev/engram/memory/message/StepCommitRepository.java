package dev.engram.memory.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.memory.json.JsonText;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Committed steps, and the statement of a step commit. A commit runs on every step, so it is one plain SQL statement
 * (one round trip, atomic by itself), not entities loaded, tracked and flushed one by one in a transaction.
 */
@ApplicationScoped
public class StepCommitRepository implements PanacheRepositoryBase<StepCommit, String> {

    private static final JsonText JSON = new JsonText();

    /**
     * What a commit statement found and did.
     *
     * @param version     the window's version it found (0 when the agent had none)
     * @param done        a step with this id was committed already: nothing was written
     * @param unknownIds  window ids neither in the window nor stored messages of the agent (nothing written when &gt; 0)
     * @param rewritesOk  every rewrite names a system message of the agent (nothing written otherwise)
     * @param written     the new version when the step was written; null when it was not
     */
    public record Outcome(long version, boolean done, long unknownIds, boolean rewritesOk, Long written) {
    }

    /*
     * One statement, hence atomic on its own: lock the agent's window row, check the step against it, and only when
     * every check passes write the new window, the messages, the rewrites and the step record. A CTE that writes runs
     * once whether or not it is read; the writes here all hang on "context", which writes nothing unless "go" has a row.
     * Inside a caller's transaction it is simply one more statement of it.
     */
    private static final String COMMIT = """
            WITH locked AS (
                SELECT version, message_ids FROM memory.agent_contexts
                WHERE agent_id = ?1 AND organization_id = ?2
                FOR UPDATE),
            window_ids AS (
                SELECT ARRAY(SELECT e FROM jsonb_array_elements_text(CAST(CAST(?5 AS text) AS jsonb)) WITH ORDINALITY AS w(e, i)
                             ORDER BY i) AS ids),
            rewrites AS (
                SELECT * FROM jsonb_to_recordset(CAST(CAST(?9 AS text) AS jsonb)) AS x(id text, content text, text text)),
            verdict AS (
                SELECT COALESCE((SELECT version FROM locked), 0) AS version,
                       EXISTS (SELECT 1 FROM memory.step_commits s WHERE s.step_id = ?3) AS done,
                       (SELECT count(*) FROM jsonb_array_elements_text(CAST(CAST(?6 AS text) AS jsonb)) AS w(id)
                        WHERE NOT (w.id = ANY (COALESCE((SELECT message_ids FROM locked), CAST('{}' AS text[]))))
                          AND NOT EXISTS (SELECT 1 FROM memory.messages m
                                          WHERE m.id = w.id AND m.organization_id = ?2 AND m.agent_id = ?1)) AS unknown,
                       (SELECT count(*) FROM rewrites r JOIN memory.messages m
                            ON m.id = r.id AND m.organization_id = ?2 AND m.agent_id = ?1 AND m.role = 'system')
                           = (SELECT count(*) FROM rewrites) AS rewrites_ok),
            go AS (
                SELECT version + 1 AS next FROM verdict
                WHERE NOT done AND unknown = 0 AND rewrites_ok AND (CAST(?7 AS bigint) < 0 OR version = CAST(?7 AS bigint))),
            context AS (
                INSERT INTO memory.agent_contexts (agent_id, organization_id, message_ids, version, updated_at)
                SELECT CAST(?1 AS text), CAST(?2 AS text), ids, next, CAST(?10 AS timestamptz) FROM go, window_ids
                ON CONFLICT (agent_id) DO UPDATE
                    SET message_ids = EXCLUDED.message_ids, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
                    WHERE agent_contexts.version = EXCLUDED.version - 1
                RETURNING version),
            inserted AS (
                INSERT INTO memory.messages (id, organization_id, agent_id, role, content, text, name, tool_calls, tool_call_id,
                                             tool_returns, approvals, model, otid, sender_id, group_id, step_id, run_id, is_err, created_at)
                SELECT x.id, CAST(?2 AS text), CAST(?1 AS text), x.role, x.content, x.text, x.name, x.tool_calls, x.tool_call_id,
                       x.tool_returns, x.approvals, x.model, x.otid, x.sender_id, x.group_id, x.step_id, x.run_id, x.is_err, x.created_at
                FROM jsonb_to_recordset(CAST(CAST(?8 AS text) AS jsonb))
                    AS x(ord int, id text, role text, content text, text text, name text, tool_calls text, tool_call_id text,
                         tool_returns text, approvals text, model text, otid text, sender_id text, group_id text, step_id text,
                         run_id text, is_err boolean, created_at timestamptz)
                WHERE EXISTS (SELECT 1 FROM context)
                ORDER BY x.ord),
            rewritten AS (
                UPDATE memory.messages m SET content = r.content, text = r.text FROM rewrites r
                WHERE m.id = r.id AND m.organization_id = ?2 AND m.agent_id = ?1 AND m.role = 'system'
                  AND EXISTS (SELECT 1 FROM context)),
            committed AS (
                INSERT INTO memory.step_commits (step_id, organization_id, agent_id, run_id, context_version, message_ids, committed_at)
                SELECT CAST(?3 AS text), CAST(?2 AS text), CAST(?1 AS text), CAST(?4 AS text), context.version, ids,
                       CAST(?10 AS timestamptz)
                FROM context, window_ids)
            SELECT v.version, v.done, v.unknown, v.rewrites_ok, (SELECT version FROM context) AS written FROM verdict v""";

    /**
     * Commits a step in one statement: with every check passed, its new messages (stored in list order), rewritten
     * system messages, the agent's new window and version, and the record that the step was committed.
     *
     * @param others          the window's ids the step does not bring itself
     * @param expectedVersion the version the step was computed from, or null to take the window as it is
     * @param rewrites        new content of system messages, by id
     */
    public Uni<Outcome> commit(String org, String agentId, String stepId, String runId, List<MessageData> messages, List<String> window,
                               Collection<String> others, Long expectedVersion, java.util.Map<String, JsonNode> rewrites, Instant now) {
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
        ArrayNode rewritten = JsonText.MAPPER.createArrayNode();
        rewrites.forEach((id, content) -> rewritten.addObject().put("id", id).put("content", JSON.convertToDatabaseColumn(content))
                .put("text", MessageTexts.of(new MessageData(id, agentId, "system", content, null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null))));
        return getSession().chain(s -> s.createNativeQuery(COMMIT, Object[].class)
                        .setParameter(1, agentId).setParameter(2, org).setParameter(3, stepId).setParameter(4, runId)
                        .setParameter(5, jsonArray(window)).setParameter(6, jsonArray(others))
                        .setParameter(7, expectedVersion == null ? -1L : expectedVersion).setParameter(8, rows.toString())
                        .setParameter(9, rewritten.toString()).setParameter(10, now)
                        .getSingleResult())
                .map(r -> new Outcome(((Number) r[0]).longValue(), (Boolean) r[1], ((Number) r[2]).longValue(), (Boolean) r[3],
                        r[4] == null ? null : ((Number) r[4]).longValue()));
    }

    private static String jsonArray(Collection<String> ids) {
        ArrayNode a = JsonText.MAPPER.createArrayNode();
        ids.forEach(a::add);
        return a.toString();
    }
}
