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
     * the messages of failed attempts ({@code is_err}), which Letta leaves out unless asked; of one thread or all.
     *
     * @param conversationId null: every thread; {@code default}: the agent's own thread (messages without a
     *                       conversation); a conversation id: the messages written in it and those its window holds
     *                       (history it forked from)
     */
    public record Scope(String runId, String stepId, String groupId, boolean includeErr, String conversationId) {
        public static final Scope ALL = new Scope(null, null, null, false, null);
    }

    /** How many messages of the agent have this id (0 or 1): a cursor check. */
    public Uni<Long> countOfAgent(String org, String agentId, String id) {
        return count("id = ?1 and organizationId = ?2 and agentId = ?3", id, org, agentId);
    }

    /** How many messages of the organization have this id (0 or 1): a cursor check. */
    public Uni<Long> countInOrg(String org, String id) {
        return count("id = ?1 and organizationId = ?2", id, org);
    }

    /**
     * A page of messages in storage order; cursors are message ids.
     *
     * @param agentId one agent's messages, or null for every agent of the organization
     */
    public Uni<List<Message>> page(String org, String agentId, String after, String before, int limit, boolean ascending,
                                   Collection<String> roles, Scope scope) {
        StringBuilder q = new StringBuilder("from Message m where m.organizationId = :org");
        Map<String, Object> params = new HashMap<>(Map.of("org", org));
        if (agentId != null) {
            q.append(" and m.agentId = :agent");
            params.put("agent", agentId);
        }
        if (scope.runId() != null) {
            q.append(" and m.runId = :run");
            params.put("run", scope.runId());
        }
        if (scope.stepId() != null) {
            q.append(" and m.stepId = :step");
            params.put("step", scope.stepId());
        }
        if (scope.groupId() != null) {
            q.append(" and m.groupId = :group");
            params.put("group", scope.groupId());
        }
        if (scope.conversationId() != null) {
            if (AgentContext.DEFAULT.equals(scope.conversationId())) {
                q.append(" and m.conversationId is null");
            } else {
                q.append(" and (m.conversationId = :conv or exists (select 1 from AgentContext c where c.conversationId = :conv")
                        .append(" and c.organizationId = m.organizationId and c.agentId = m.agentId")
                        .append(" and array_position(c.messageIds, m.id) > 0))");
                params.put("conv", scope.conversationId());
            }
        }
        if (!scope.includeErr()) {
            q.append(" and (m.isErr is null or m.isErr = false)");
        }
        if (roles != null && !roles.isEmpty()) {
            q.append(" and m.role in :roles");
            params.put("roles", roles);
        }
        if (after != null) {
            q.append(ascending ? " and m.seq > " : " and m.seq < ").append("(select x.seq from Message x where x.id = :after)");
            params.put("after", after);
        }
        if (before != null) {
            q.append(ascending ? " and m.seq < " : " and m.seq > ").append("(select x.seq from Message x where x.id = :before)");
            params.put("before", before);
        }
        boolean reverse = before != null && after == null;
        boolean asc = ascending != reverse;
        q.append(" order by m.seq ").append(asc ? "asc" : "desc");
        return find(q.toString(), params).page(0, limit).list().map(rows -> {
            if (!reverse) {
                return rows;
            }
            List<Message> copy = new ArrayList<>(rows);
            Collections.reverse(copy);
            return copy;
        });
    }

    /** The organization's message with this id, or null. */
    public Uni<Message> findInOrg(String org, String id) {
        return find("id = ?1 and organizationId = ?2", id, org).firstResult();
    }

    /** The organization's messages with these ids (any agent). */
    public Uni<List<Message>> byIdsInOrg(String org, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("organizationId = ?1 and id in ?2", org, ids);
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

    /**
     * Deletes the messages written in a conversation, except those another window of the agent still holds (a fork
     * shares its source's history). Run after the conversation's own window is gone.
     */
    public Uni<Integer> deleteConversation(String org, String agentId, String conversationId) {
        return getSession().chain(s -> s.createNativeQuery("""
                        DELETE FROM memory.messages m
                        WHERE m.organization_id = ?1 AND m.agent_id = ?2 AND m.conversation_id = ?3
                          AND NOT EXISTS (SELECT 1 FROM memory.agent_contexts c
                                          WHERE c.agent_id = m.agent_id AND c.organization_id = m.organization_id
                                            AND m.id = ANY (c.message_ids))""")
                .setParameter(1, org).setParameter(2, agentId).setParameter(3, conversationId).executeUpdate());
    }

    public Uni<Long> deleteAgent(String org, String agentId) {
        return delete("organizationId = ?1 and agentId = ?2", org, agentId);
    }

    /** A search hit: message id and full-text rank (null without a query). */
    public record Hit(String id, Double rank) {
    }

    /**
     * Which messages a search looks at.
     *
     * @param agentIds       these agents' messages, or null for the whole organization
     * @param conversationId null: every thread; otherwise as in {@link Scope}
     * @param roles          only these roles (system and tool messages only when named here), or null
     */
    public record SearchScope(String org, Collection<String> agentIds, String conversationId, Collection<String> roles,
                              Instant start, Instant end) {

        public static SearchScope ofAgent(String org, String agentId, Collection<String> roles, Instant start, Instant end) {
            return new SearchScope(org, List.of(agentId), null, roles, start, end);
        }
    }

    /**
     * Full-text search (any query term matches; ranked by cover density), newest first without a query. Never returns
     * heartbeats, the assistant's own conversation_search calls or the returns of send_message/conversation_search;
     * system messages and tool results only when asked for by role.
     */
    public Uni<List<Hit>> search(SearchScope scope, String tsQuery, int limit) {
        if (scope.agentIds() != null && scope.agentIds().isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Object> params = new ArrayList<>(List.of(scope.org()));
        StringBuilder sql = new StringBuilder("SELECT m.id, ");
        if (tsQuery == null) {
            sql.append("CAST(NULL AS FLOAT8)");
        } else {
            params.add(tsQuery);
            sql.append("CAST(ts_rank_cd(m.search, to_tsquery('english', ?2)) AS FLOAT8)");
        }
        sql.append(" AS rank FROM memory.messages m WHERE m.organization_id = ?1 AND m.text <> ''")
                .append(" AND (m.tool_calls IS NULL OR position('\"conversation_search\"' in m.tool_calls) = 0)")
                .append(" AND (m.role <> 'tool' OR COALESCE(m.name, '') NOT IN ('send_message', 'conversation_search'))");
        if (tsQuery != null) {
            sql.append(" AND m.search @@ to_tsquery('english', ?2)");
        }
        if (scope.agentIds() != null) {
            sql.append(" AND m.agent_id IN (").append(marks(params, scope.agentIds())).append(")");
        }
        if (scope.conversationId() != null) {
            if (AgentContext.DEFAULT.equals(scope.conversationId())) {
                sql.append(" AND m.conversation_id IS NULL");
            } else {
                params.add(scope.conversationId());
                String conv = "?" + params.size();
                sql.append(" AND (m.conversation_id = ").append(conv)
                        .append(" OR EXISTS (SELECT 1 FROM memory.agent_contexts c WHERE c.conversation_id = ").append(conv)
                        .append(" AND c.organization_id = m.organization_id AND c.agent_id = m.agent_id AND m.id = ANY (c.message_ids)))");
            }
        }
        Collection<String> roles = scope.roles();
        if (roles != null && !roles.isEmpty()) {
            sql.append(" AND m.role IN (").append(marks(params, roles)).append(")");
        } else {
            sql.append(" AND m.role NOT IN ('system', 'tool')");
        }
        if (scope.start() != null) {
            params.add(OffsetDateTime.ofInstant(scope.start(), ZoneOffset.UTC));
            sql.append(" AND m.created_at >= ?").append(params.size());
        }
        if (scope.end() != null) {
            params.add(OffsetDateTime.ofInstant(scope.end(), ZoneOffset.UTC));
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

    private static String marks(List<Object> params, Collection<String> values) {
        List<String> marks = new ArrayList<>();
        for (String v : values) {
            params.add(v);
            marks.add("?" + params.size());
        }
        return String.join(", ", marks);
    }
}
