package dev.engram.agent.tool;

import dev.engram.agent.db.EntityRows;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Tool rows and their attachment to agents. */
@ApplicationScoped
public class ToolRepository implements PanacheRepositoryBase<ToolEntity, String> {

    private static final EntityRows<ToolEntity> ROWS = EntityRows.of(ToolEntity.class);
    private static final String ATTACHED = "SELECT " + ROWS.columns("t")
            + " FROM agent.tools t JOIN agent.agent_tools a ON a.tool_id = t.id WHERE a.agent_id = $1 ORDER BY a.position";

    public Uni<List<ToolEntity>> ofOrganization(String org) {
        return list("organizationId = ?1 order by name", org);
    }

    public Uni<List<ToolEntity>> byNames(String org, Collection<String> names) {
        return names.isEmpty() ? Uni.createFrom().item(List.of()) : list("organizationId = ?1 and name in ?2", org, names);
    }

    public Uni<List<ToolEntity>> byIds(String org, Collection<String> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("organizationId = ?1 and id in ?2", org, ids);
    }

    public Uni<ToolEntity> findInOrg(String org, String id) {
        return find("organizationId = ?1 and id = ?2", org, id).firstResult();
    }

    /** The agent's tools in attachment order, as plain SQL on {@code client} (detached entities: read only). */
    public Uni<List<ToolEntity>> attachedTo(SqlClient client, String agentId) {
        return client.preparedQuery(ATTACHED).execute(Tuple.of(agentId)).map(rows -> {
            List<ToolEntity> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(ROWS.map(r)));
            return out;
        });
    }

    /** The agent's tools in attachment order. */
    public Uni<List<ToolEntity>> ofAgent(String agentId) {
        return getSession().chain(s -> s.createSelectionQuery(
                        "select t from ToolEntity t join AgentTool a on a.toolId = t.id where a.agentId = ?1 order by a.position",
                        ToolEntity.class)
                .setParameter(1, agentId).getResultList());
    }

    /** The tools of several agents, each list in attachment order; one query. */
    public Uni<Map<String, List<ToolEntity>>> ofAgents(List<String> agentIds) {
        return getSession().chain(s -> s.createSelectionQuery(
                        "select a.agentId, t from ToolEntity t join AgentTool a on a.toolId = t.id where a.agentId in ?1 "
                                + "order by a.agentId, a.position", Object[].class)
                .setParameter(1, agentIds).getResultList())
                .map(rows -> {
                    Map<String, List<ToolEntity>> byAgent = new HashMap<>();
                    for (Object[] row : rows) {
                        byAgent.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((ToolEntity) row[1]);
                    }
                    return byAgent;
                });
    }

    public Uni<Long> detachAll(String agentId) {
        return AgentTool.delete("agentId", agentId);
    }

    /** Full-text ranks of the organization's tools for a query, best first: {@code [id, rank]} rows. */
    public Uni<List<Object[]>> textRanks(String org, String query) {
        return getSession().chain(session -> session.createNativeQuery(
                        "SELECT id, ts_rank_cd(doc, q) AS rank FROM (SELECT id, to_tsvector('english', name || ' ' || replace(name, '_', ' ') "
                                + "|| ' ' || coalesce(description, '') || ' ' || array_to_string(tags, ' ')) AS doc, "
                                + "websearch_to_tsquery('english', ?2) AS q FROM agent.tools WHERE organization_id = ?1) t "
                                + "WHERE doc @@ q ORDER BY rank DESC, id", Object[].class)
                .setParameter(1, org).setParameter(2, query).getResultList());
    }
}
