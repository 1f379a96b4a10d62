package dev.engram.memory.message;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Queries on stored messages, always within one organization and agent. */
@ApplicationScoped
public class MessageRepository implements PanacheRepositoryBase<Message, String> {


    /**
     * Which of an agent's messages a listing covers: all, or one run's, or one step's; of one group; with or without
     * the messages of failed attempts ({@code is_err}), which Letta leaves out unless asked.
     */
    public record Scope(String runId, String stepId, String groupId, boolean includeErr) {
        public static final Scope ALL = new Scope(null, null, null, false);
    }

    /** How many messages of the agent have this id (0 or 1): a cursor check. */
    public Uni<Long> countOfAgent(String org, String agentId, String id) {
        return count("id = ?1 and organizationId = ?2 and agentId = ?3", id, org, agentId);
    }

    /** A page of an agent's messages in storage order; cursors are message ids. */
    public Uni<List<Message>> page(String org, String agentId, String after, String before, int limit, boolean ascending,
                                   Collection<String> roles, Scope scope) {
        StringBuilder q = new StringBuilder("organizationId = :org and agentId = :agent");
        Map<String, Object> params = new HashMap<>(Map.of("org", org, "agent", agentId));
        if (scope.runId() != null) {
            q.append(" and runId = :run");
            params.put("run", scope.runId());
        }
        if (scope.stepId() != null) {
            q.append(" and stepId = :step");
            params.put("step", scope.stepId());
        }
        if (scope.groupId() != null) {
            q.append(" and groupId = :group");
            params.put("group", scope.groupId());
        }
        if (!scope.includeErr()) {
            q.append(" and (isErr is null or isErr = false)");
        }
        if (roles != null && !roles.isEmpty()) {
            q.append(" and role in :roles");
            params.put("roles", roles);
        }
        if (after != null) {
            q.append(ascending ? " and seq > " : " and seq < ").append("(select c.seq from Message c where c.id = :after)");
            params.put("after", after);
        }
        if (before != null) {
            q.append(ascending ? " and seq < " : " and seq > ").append("(select c.seq from Message c where c.id = :before)");
            params.put("before", before);
        }
        boolean reverse = before != null && after == null;
        boolean asc = ascending != reverse;
        q.append(" order by seq ").append(asc ? "asc" : "desc");
        return find(q.toString(), params).page(0, limit).list().map(rows -> {
            if (!reverse) {
                return rows;
            }
            List<Message> copy = new ArrayList<>(rows);
            Collections.reverse(copy);
            return copy;
        });
    }

    public Uni<List<Message>> byIds(String org, String agentId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("organizationId = ?1 and agentId = ?2 and id in ?3", org, agentId, ids);
    }

    public Uni<List<Message>> ofStep(String org, String agentId, String stepId) {
        return list("organizationId = ?1 and agentId = ?2 and stepId = ?3 order by seq", org, agentId, stepId);
    }

    /**
     * How many of these ids are the agent's messages. Plain SQL on the session's own connection: a query-language
     * count is translated again for every call and every list length, and a second connection per request could
     * starve the pool under load.
     */
    public Uni<Long> countByIds(String org, String agentId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        return getSession().chain(s -> s.createNativeQuery(
                        "SELECT count(*) FROM memory.messages WHERE organization_id = ?1 AND agent_id = ?2 AND id IN (?3)", Long.class)
                .setParameter(1, org).setParameter(2, agentId).setParameter(3, List.copyOf(ids)).getSingleResult());
    }

    public Uni<Long> deleteAgent(String org, String agentId) {
        return delete("organizationId = ?1 and agentId = ?2", org, agentId);
    }

    /** A search hit: message id and full-text rank (null without a query). */
    public record Hit(String id, Double rank) {
    }

    /**
     * Full-text search over the agent's messages (any query term matches; ranked by cover density), newest first
     * without a query. Never returns system messages, heartbeats, the assistant's own conversation_search calls or the
     * returns of send_message/conversation_search; tool results only when asked for by role.
     */
    public Uni<List<Hit>> search(String org, String agentId, String tsQuery, Collection<String> roles, Instant start, Instant end,
                                 int limit) {
        List<Object> params = new ArrayList<>(List.of(org, agentId));
        StringBuilder sql = new StringBuilder("SELECT m.id, ");
        sql.append(tsQuery == null ? "CAST(NULL AS FLOAT8)" : "CAST(ts_rank_cd(m.search, to_tsquery('english', ?3)) AS FLOAT8)");
        if (tsQuery != null) {
            params.add(tsQuery);
        }
        sql.append(" AS rank FROM memory.messages m WHERE m.organization_id = ?1 AND m.agent_id = ?2 AND m.text <> ''")
                .append(" AND m.role <> 'system'")
                .append(" AND (m.tool_calls IS NULL OR position('\"conversation_search\"' in m.tool_calls) = 0)")
                .append(" AND (m.role <> 'tool' OR COALESCE(m.name, '') NOT IN ('send_message', 'conversation_search'))");
        if (tsQuery != null) {
            sql.append(" AND m.search @@ to_tsquery('english', ?3)");
        }
        if (roles != null && !roles.isEmpty()) {
            List<String> marks = new ArrayList<>();
            for (String role : roles) {
                params.add(role);
                marks.add("?" + params.size());
            }
            sql.append(" AND m.role IN (").append(String.join(", ", marks)).append(")");
        } else {
            sql.append(" AND m.role <> 'tool'");
        }
        if (start != null) {
            params.add(OffsetDateTime.ofInstant(start, ZoneOffset.UTC));
            sql.append(" AND m.created_at >= ?").append(params.size());
        }
        if (end != null) {
            params.add(OffsetDateTime.ofInstant(end, ZoneOffset.UTC));
            sql.append(" AND m.created_at <= ?").append(params.size());
        }
        sql.append(tsQuery == null ? " ORDER BY m.seq DESC" : " ORDER BY rank DESC, m.seq DESC").append(" LIMIT ").append(limit);
        return Panache.getSession().chain(s -> {
            var query = s.createNativeQuery(sql.toString(), Object[].class);
            for (int i = 0; i < params.size(); i++) {
                query.setParameter(i + 1, params.get(i));
            }
            return query.getResultList();
        }).map(rows -> rows.stream().map(r -> new Hit((String) r[0], r[1] == null ? null : ((Number) r[1]).doubleValue())).toList());
    }
}
