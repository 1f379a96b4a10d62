package dev.engram.agent.agent;

import dev.engram.agent.db.EntityRows;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collections;
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
                         String templateId, String baseTemplateId, String lastStopReason) {
    }

    /** The agent by primary key (no query to translate), or null when it is missing or another organization's. */
    public Uni<Agent> findInOrg(String org, String id) {
        return findById(id).map(a -> a != null && org.equals(a.organizationId) ? a : null);
    }

    public Uni<List<Agent>> page(String org, Filter f, String after, String before, int limit, boolean ascending, String orderBy) {
        Query q = where(org, f);
        String column = switch (orderBy) {
            case "updated_at" -> "updatedAt";
            case "last_run_completion" -> "lastRunCompletion";
            default -> "createdAt";
        };
        String cursor = "(select c." + column + " from Agent c where c.id = :%s)";
        if (after != null) {
            q.and("(" + column + (ascending ? " > " : " < ") + cursor.formatted("after") + " or (" + column + " = "
                    + cursor.formatted("after") + " and id " + (ascending ? ">" : "<") + " :after))");
            q.params.put("after", after);
        }
        if (before != null) {
            q.and("(" + column + (ascending ? " < " : " > ") + cursor.formatted("before") + " or (" + column + " = "
                    + cursor.formatted("before") + " and id " + (ascending ? "<" : ">") + " :before))");
            q.params.put("before", before);
        }
        boolean reverse = before != null && after == null;
        String dir = ascending != reverse ? "asc" : "desc";
        String order = " order by " + column + " " + dir + (column.equals("lastRunCompletion") ? " nulls last" : "") + ", id " + dir;
        return find(q.where() + order, q.params).page(0, limit).list().map(rows -> {
            if (!reverse) {
                return rows;
            }
            List<Agent> copy = new ArrayList<>(rows);
            Collections.reverse(copy);
            return copy;
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
