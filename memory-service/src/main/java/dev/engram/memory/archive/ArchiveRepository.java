package dev.engram.memory.archive;

import dev.engram.memory.db.CreatedAtKeyset;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Queries on archives, always within one organization. */
@ApplicationScoped
public class ArchiveRepository implements PanacheRepositoryBase<Archive, String> {

    public Uni<Archive> findOf(String org, String id) {
        return find("id = ?1 and organizationId = ?2", id, org).firstResult();
    }

    /** A page in created_at order (cursors are archive ids), optionally by exact name or attached agent. */
    public Uni<List<Archive>> page(String org, String name, String agentId, String after, String before, int limit, boolean ascending) {
        StringBuilder q = new StringBuilder("organizationId = :org");
        Map<String, Object> params = new HashMap<>(Map.of("org", org));
        if (name != null) {
            q.append(" and name = :name");
            params.put("name", name);
        }
        if (agentId != null) {
            q.append(" and id in (select l.archiveId from ArchiveAgent l where l.agentId = :agent and l.organizationId = :org)");
            params.put("agent", agentId);
        }
        boolean reverse = CreatedAtKeyset.append(q, params, "Archive", after, before, ascending);
        return find(q.toString(), params).page(0, limit).list().map(rows -> CreatedAtKeyset.inOrder(rows, reverse));
    }

    public Uni<List<Archive>> byIds(List<String> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", ids);
    }

    /** Every archive id of the organization. */
    public Uni<List<String>> idsOf(String org) {
        return getSession().chain(s -> s.createSelectionQuery("select a.id from Archive a where a.organizationId = ?1", String.class)
                .setParameter(1, org).getResultList());
    }
}
