package dev.engram.agent.tool;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;

/** Tool rows and their attachment to agents. */
@ApplicationScoped
public class ToolRepository implements PanacheRepositoryBase<ToolEntity, String> {

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

    /** The agent's tools in attachment order. */
    public Uni<List<ToolEntity>> ofAgent(String agentId) {
        return getSession().chain(s -> s.createSelectionQuery(
                        "select t from ToolEntity t join AgentTool a on a.toolId = t.id where a.agentId = ?1 order by a.position",
                        ToolEntity.class)
                .setParameter(1, agentId).getResultList());
    }

    public Uni<Long> detachAll(String agentId) {
        return AgentTool.delete("agentId", agentId);
    }
}
