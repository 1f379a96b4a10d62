package dev.engram.memory.passage;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Queries on passages, always within one organization and agent. */
@ApplicationScoped
public class PassageRepository implements PanacheRepositoryBase<Passage, String> {

    public Uni<Passage> findOf(String org, String agentId, String id) {
        return find("id = ?1 and organizationId = ?2 and agentId = ?3", id, org, agentId).firstResult();
    }

    /** A page in created_at order; cursors are passage ids; {@code text} filters by substring, case-insensitively. */
    public Uni<List<Passage>> page(String org, String agentId, String text, String after, String before, int limit, boolean ascending) {
        StringBuilder q = new StringBuilder("organizationId = :org and agentId = :agent");
        Map<String, Object> params = new HashMap<>(Map.of("org", org, "agent", agentId));
        if (text != null && !text.isBlank()) {
            q.append(" and lower(text) like :text escape '\\'");
            params.put("text", "%" + text.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        String cursor = "(select c.createdAt from Passage c where c.id = :%s)";
        if (after != null) {
            q.append(ascending ? " and (createdAt > " : " and (createdAt < ").append(cursor.formatted("after"))
                    .append(" or (createdAt = ").append(cursor.formatted("after")).append(ascending ? " and id > :after))" : " and id < :after))");
            params.put("after", after);
        }
        if (before != null) {
            q.append(ascending ? " and (createdAt < " : " and (createdAt > ").append(cursor.formatted("before"))
                    .append(" or (createdAt = ").append(cursor.formatted("before")).append(ascending ? " and id < :before))" : " and id > :before))");
            params.put("before", before);
        }
        boolean reverse = before != null && after == null;
        String dir = ascending != reverse ? "asc" : "desc";
        q.append(" order by createdAt ").append(dir).append(", id ").append(dir);
        return find(q.toString(), params).page(0, limit).list().map(rows -> {
            if (!reverse) {
                return rows;
            }
            List<Passage> copy = new ArrayList<>(rows);
            Collections.reverse(copy);
            return copy;
        });
    }

    public Uni<List<Passage>> byIds(List<String> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", ids);
    }

    /** Every passage in id order, a batch at a time (for rebuilds). */
    public Uni<List<Passage>> batchAfter(String afterId, int size) {
        return find("id > ?1 order by id", afterId == null ? "" : afterId).page(0, size).list();
    }

    public Uni<Long> deleteAgent(String org, String agentId) {
        return delete("organizationId = ?1 and agentId = ?2", org, agentId);
    }
}
