package dev.engram.agent.agent;

import dev.engram.agent.db.EntityRows;
import dev.engram.agent.db.Keyset;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Queries on agents, always within one organization. */
@ApplicationScoped
public class AgentRepository implements PanacheRepositoryBase<Agent, String> {

    private static final EntityRows<Agent> ROWS = EntityRows.of(Agent.class);
    private static final String IN_ORG = "SELECT " + ROWS.columns("a") + " FROM agent.agents a WHERE a.id = $1 AND a.organization_id = $2";

    /** The agent, as plain SQL on {@code client} (a detached entity: read only); null when missing or another organization's. */
    public Uni<Agent> loadInOrg(SqlClient client, String org, String id) {
        return client.preparedQuery(IN_ORG).execute(Tuple.of(id, org))
                .map(rows -> rows.iterator().hasNext() ? ROWS.map(rows.iterator().next()) : null);
    }

    /** Filters of the agent list (Letta's list_agents query). */
    public record Filter(String name, String queryText, List<String> tags, boolean matchAllTags, String projectId,
                         String templateId, String baseTemplateId, String lastStopReason, String identityId,
                         List<String> identifierKeys) {
    }

    /** The agent by primary key (no query to translate), or null when it is missing or another organization's. */
    public Uni<Agent> findInOrg(String org, String id) {
        return findById(id).map(a -> a != null && org.equals(a.organizationId) ? a : null);
    }

    /** A page of the organization's agents in Letta's order ({@code order_by}, then id), with id cursors. */
    public Uni<List<Agent>> page(String org, Filter f, String after, String before, int limit, boolean ascending, String orderBy) {
        String column = switch (orderBy) {
            case "updated_at" -> "updatedAt";
            case "last_run_completion" -> "lastRunCompletion";
            default -> "createdAt";
        };
        return Keyset.resolve("Agent", column, org, "after", after, "agent")
                .chain(a -> Keyset.resolve("Agent", column, org, "before", before, "agent").chain(b -> {
                    Query q = where(org, f);
                    Keyset.Plan plan = Keyset.plan(column, a, b, ascending, q.params);
                    return find(q.where() + plan.condition() + plan.order(), q.params).page(0, limit).list().map(plan::arrange);
                }));
    }

    /** The organization's agents with these ids, oldest first. */
    public Uni<List<Agent>> byIds(String org, java.util.Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("organizationId = ?1 and id in ?2 order by createdAt, id", org, ids);
    }

    /**
     * Ids of the organization's agents whose assistant text is inner thoughts, the reply going out through
     * send_message (the memgpt agent types).
     */
    public Uni<List<String>> innerThoughtsAgentIds(String org) {
        return getSession().chain(s -> s.createSelectionQuery(
                        "select a.id from Agent a where a.organizationId = ?1 and a.agentType like 'memgpt%' order by a.id", String.class)
                .setParameter(1, org).getResultList());
    }

    /** Ids of the organization's agents of this project and/or template (a null filter holds for every agent). */
    public Uni<List<String>> idsOf(String org, String projectId, String templateId) {
        Query q = where(org, new Filter(null, null, null, false, projectId, templateId, null, null, null, null));
        return getSession().chain(s -> {
            var query = s.createSelectionQuery("select id from Agent where " + q.where() + " order by id", String.class);
            q.params.forEach(query::setParameter);
            return query.getResultList();
        });
    }

    /**
     * Ids of the organization's agents (oldest first, at most {@code limit}) that have every tag of {@code all} and at
     * least one of {@code some}; an empty list asks nothing of the agents.
     */
    public Uni<List<String>> idsWithTags(String org, List<String> all, List<String> some, int limit) {
        Query q = where(org, new Filter(null, null, all, true, null, null, null, null, null, null));
        if (!some.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < some.size(); i++) {
                parts.add("array_contains(tags, :some" + i + ")");
                q.params.put("some" + i, some.get(i));
            }
            q.and("(" + String.join(" or ", parts) + ")");
        }
        return getSession().chain(s -> {
            var query = s.createSelectionQuery("select id from Agent where " + q.where() + " order by createdAt, id", String.class)
                    .setMaxResults(limit);
            q.params.forEach(query::setParameter);
            return query.getResultList();
        });
    }

    /**
     * The distinct tags of the organization's agents in code-point order ({@code ascending} or not): those containing
     * {@code text} in any case when given, strictly after {@code after} and before {@code before} in that order.
     */
    public Uni<List<String>> tags(String org, String text, String after, String before, boolean ascending, int limit) {
        List<String> conditions = new ArrayList<>(List.of("a.organization_id = ?1"));
        List<Object> params = new ArrayList<>(List.of(org));
        if (text != null && !text.isEmpty()) {
            params.add(text.toLowerCase(java.util.Locale.ROOT));
            conditions.add("strpos(lower(t), ?" + params.size() + ") > 0");
        }
        if (after != null) {
            params.add(after);
            conditions.add("t COLLATE \"C\" " + (ascending ? ">" : "<") + " ?" + params.size());
        }
        if (before != null) {
            params.add(before);
            conditions.add("t COLLATE \"C\" " + (ascending ? "<" : ">") + " ?" + params.size());
        }
        String sql = "SELECT DISTINCT t COLLATE \"C\" AS tag FROM agent.agents a, unnest(a.tags) AS t WHERE "
                + String.join(" AND ", conditions) + " ORDER BY tag " + (ascending ? "ASC" : "DESC") + " LIMIT " + limit;
        return getSession().chain(s -> {
            var q = s.createNativeQuery(sql, String.class);
            for (int i = 0; i < params.size(); i++) {
                q.setParameter(i + 1, params.get(i));
            }
            return q.getResultList();
        });
    }

    public Uni<Long> count(String org, Filter f) {
        Query q = where(org, f);
        return count(q.where(), q.params);
    }

    private static Query where(String org, Filter f) {
        Query q = new Query();
        q.and("organizationId = :org");
        q.params.put("org", org);
        if (f.name() != null) {
            q.and("name = :name");
            q.params.put("name", f.name());
        }
        if (f.queryText() != null && !f.queryText().isBlank()) {
            q.and("lower(name) like :text");
            q.params.put("text", "%" + f.queryText().toLowerCase() + "%");
        }
        if (f.projectId() != null) {
            q.and("projectId = :project");
            q.params.put("project", f.projectId());
        }
        if (f.templateId() != null) {
            q.and("templateId = :template");
            q.params.put("template", f.templateId());
        }
        if (f.baseTemplateId() != null) {
            q.and("baseTemplateId = :baseTemplate");
            q.params.put("baseTemplate", f.baseTemplateId());
        }
        if (f.lastStopReason() != null) {
            q.and("lastStopReason = :stop");
            q.params.put("stop", f.lastStopReason());
        }
        if (f.identityId() != null) {
            q.and("id in (select l.agentId from IdentityAgent l where l.identityId = :identity)");
            q.params.put("identity", f.identityId());
        }
        if (f.identifierKeys() != null && !f.identifierKeys().isEmpty()) {
            q.and("id in (select l.agentId from IdentityAgent l join Identity i on i.id = l.identityId"
                    + " where i.organizationId = :org and i.identifierKey in :keys)");
            q.params.put("keys", f.identifierKeys());
        }
        if (f.tags() != null && !f.tags().isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < f.tags().size(); i++) {
                parts.add("array_contains(tags, :tag" + i + ")");
                q.params.put("tag" + i, f.tags().get(i));
            }
            q.and("(" + String.join(f.matchAllTags() ? " and " : " or ", parts) + ")");
        }
        return q;
    }

    private static final class Query {
        final List<String> conditions = new ArrayList<>();
        final Map<String, Object> params = new HashMap<>();

        void and(String condition) {
            conditions.add(condition);
        }

        String where() {
            return String.join(" and ", conditions);
        }
    }
}
