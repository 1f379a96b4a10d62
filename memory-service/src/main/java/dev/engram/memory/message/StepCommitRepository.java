package dev.engram.memory.message;

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
 * Committed steps, and the statements of a step commit. A commit runs on every step, so it is two plain SQL statements
 * in the caller's transaction (lock and check, then write), not entities loaded, tracked and flushed one by one.
 */
@ApplicationScoped
public class StepCommitRepository implements PanacheRepositoryBase<StepCommit, String> {

    private static final JsonText JSON = new JsonText();

    /**
     * The agent's window, locked until the transaction ends, as a commit sees it.
     *
     * @param version     the window's version
     * @param done        whether a step with this id was committed already
     * @param unknownIds  how many of the ids asked about are neither in the window nor stored messages of the agent
     */
    public record Locked(long version, boolean done, long unknownIds) {
    }

    private static final String LOCK = """
            SELECT c.version,
                   EXISTS (SELECT 1 FROM memory.step_commits s WHERE s.step_id = ?3) AS done,
                   (SELECT count(*) FROM jsonb_array_elements_text(CAST(CAST(?4 AS text) AS jsonb)) AS w(id)
                    WHERE w.id <> ALL (c.message_ids)
                      AND NOT EXISTS (SELECT 1 FROM memory.messages m
                                      WHERE m.id = w.id AND m.organization_id = c.organization_id AND m.agent_id = c.agent_id)) AS unknown
            FROM memory.agent_contexts c
            WHERE c.agent_id = ?1 AND c.organization_id = ?2
            FOR UPDATE OF c""";

    /**
     * Locks the agent's window (commits of one agent apply one after another) and answers what a commit checks, in one
     * statement; null when the agent has no window yet. {@code ids} are the window ids the step does not bring itself.
     */
    public Uni<Locked> lock(String org, String agentId, String stepId, Collection<String> ids) {
        return getSession().chain(s -> s.createNativeQuery(LOCK, Object[].class)
                        .setParameter(1, agentId).setParameter(2, org).setParameter(3, stepId).setParameter(4, jsonArray(ids))
                        .getResultList())
                .map(rows -> rows.isEmpty() ? null : new Locked(((Number) rows.getFirst()[0]).longValue(), (Boolean) rows.getFirst()[1],
                        ((Number) rows.getFirst()[2]).longValue()));
    }

    private static final String WRITE = """
            WITH incoming AS (
                SELECT * FROM jsonb_to_recordset(CAST(CAST(?1 AS text) AS jsonb))
                    AS x(ord int, id text, role text, content text, text text, name text, tool_calls text, tool_call_id text,
                         tool_returns text, approvals text, model text, otid text, sender_id text, group_id text, step_id text, run_id text, is_err boolean, created_at timestamptz)),
            inserted AS (
                INSERT INTO memory.messages (id, organization_id, agent_id, role, content, text, name, tool_calls, tool_call_id,
                                             tool_returns, approvals, model, otid, sender_id, group_id, step_id, run_id, is_err, created_at)
                SELECT id, CAST(?2 AS text), CAST(?3 AS text), role, content, text, name, tool_calls, tool_call_id, tool_returns,
                       approvals, model, otid, sender_id, group_id, step_id, run_id, is_err, created_at
                FROM incoming ORDER BY ord),
            window_ids AS (
                SELECT ARRAY(SELECT e FROM jsonb_array_elements_text(CAST(CAST(?4 AS text) AS jsonb)) WITH ORDINALITY AS w(e, i)
                             ORDER BY i) AS ids),
            context AS (
                INSERT INTO memory.agent_contexts (agent_id, organization_id, message_ids, version, updated_at)
                SELECT CAST(?3 AS text), CAST(?2 AS text), ids, CAST(?5 AS bigint), CAST(?6 AS timestamptz) FROM window_ids
                ON CONFLICT (agent_id) DO UPDATE
                    SET message_ids = EXCLUDED.message_ids, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at)
            INSERT INTO memory.step_commits (step_id, organization_id, agent_id, run_id, context_version, message_ids, committed_at)
            SELECT CAST(?7 AS text), CAST(?2 AS text), CAST(?3 AS text), CAST(?8 AS text), CAST(?5 AS bigint), ids,
                   CAST(?6 AS timestamptz) FROM window_ids""";

    /**
     * Writes a step in one statement: its new messages (stored in list order), the agent's new window and version, and
     * the record that the step was committed.
     */
    public Uni<Void> write(String org, String agentId, String stepId, String runId, List<MessageData> messages, List<String> window,
                           long version, Instant now) {
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
        return getSession().chain(s -> s.createNativeQuery(WRITE)
                        .setParameter(1, rows.toString()).setParameter(2, org).setParameter(3, agentId).setParameter(4, jsonArray(window))
                        .setParameter(5, version).setParameter(6, now).setParameter(7, stepId).setParameter(8, runId)
                        .executeUpdate())
                .replaceWithVoid();
    }

    private static String jsonArray(Collection<String> ids) {
        ArrayNode a = JsonText.MAPPER.createArrayNode();
        ids.forEach(a::add);
        return a.toString();
    }
}
