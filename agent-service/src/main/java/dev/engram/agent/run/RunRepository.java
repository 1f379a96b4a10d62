package dev.engram.agent.run;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Queries on runs, always within one organization. */
@ApplicationScoped
public class RunRepository implements PanacheRepositoryBase<Run, String> {

    public static final List<String> ACTIVE = List.of("created", "running");

    /** Filters of the run list. */
    public record Filter(List<String> agentIds, List<String> statuses, Boolean background, String stopReason) {
    }

    public Uni<Run> findInOrg(String org, String id) {
        return find("id = ?1 and organizationId = ?2", id, org).firstResult();
    }

    public Uni<Run> byIdempotencyKey(String org, String agentId, String key) {
        return find("organizationId = ?1 and agentId = ?2 and idempotencyKey = ?3", org, agentId, key).firstResult();
    }

    public Uni<List<Run>> activeOf(String org, String agentId) {
        return list("organizationId = ?1 and agentId = ?2 and status in ?3 order by createdAt", org, agentId, ACTIVE);
    }

    /** Runs still open whose turn was last touched before the cut-off: candidates for recovery. */
    public Uni<List<Run>> orphanCandidates(Instant createdBefore, int limit) {
        return find("status in ?1 and createdAt < ?2 order by createdAt", ACTIVE, createdBefore).page(0, limit).list();
    }

    public Uni<List<Run>> page(String org, Filter f, String after, String before, int limit, boolean ascending) {
        StringBuilder q = new StringBuilder("organizationId = :org");
        Map<String, Object> params = new HashMap<>(Map.of("org", org));
        if (f.agentIds() != null && !f.agentIds().isEmpty()) {
            q.append(" and agentId in :agents");
            params.put("agents", f.agentIds());
        }
        if (f.statuses() != null && !f.statuses().isEmpty()) {
            q.append(" and status in :statuses");
            params.put("statuses", f.statuses());
        }
        if (f.background() != null) {
            q.append(" and background = :background");
            params.put("background", f.background());
        }
        if (f.stopReason() != null) {
            q.append(" and stopReason = :stop");
            params.put("stop", f.stopReason());
        }
        String cursor = "(select c.createdAt from Run c where c.id = :%s)";
        if (after != null) {
            q.append(" and (createdAt ").append(ascending ? ">" : "<").append(' ').append(cursor.formatted("after"))
                    .append(" or (createdAt = ").append(cursor.formatted("after")).append(" and id ").append(ascending ? ">" : "<").append(" :after))");
            params.put("after", after);
        }
        if (before != null) {
            q.append(" and (createdAt ").append(ascending ? "<" : ">").append(' ').append(cursor.formatted("before"))
                    .append(" or (createdAt = ").append(cursor.formatted("before")).append(" and id ").append(ascending ? "<" : ">").append(" :before))");
            params.put("before", before);
        }
        boolean reverse = before != null && after == null;
        String dir = ascending != reverse ? "asc" : "desc";
        q.append(" order by createdAt ").append(dir).append(", id ").append(dir);
        return find(q.toString(), params).page(0, limit).list().map(rows -> {
            if (!reverse) {
                return rows;
            }
            List<Run> copy = new ArrayList<>(rows);
            Collections.reverse(copy);
            return copy;
        });
    }
}
