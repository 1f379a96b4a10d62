package dev.engram.agent.run;

import dev.engram.agent.db.Keyset;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Queries on steps, always within one organization. */
@ApplicationScoped
public class StepRepository implements PanacheRepositoryBase<StepRecord, String> {

    /** Filters of the step list (Letta's list_steps query); null means no filter. */
    public record Filter(String agentId, String runId, String model, Instant startDate, Instant endDate, String feedback,
                         Boolean hasFeedback, List<String> tags) {

        public static Filter ofRun(String runId) {
            return new Filter(null, runId, null, null, null, null, null, null);
        }
    }

    public Uni<StepRecord> findInOrg(String org, String id) {
        return find("id = ?1 and organizationId = ?2", id, org).firstResult();
    }

    /** A page of steps by creation time, with step id cursors. */
    public Uni<List<StepRecord>> page(String org, Filter f, String after, String before, int limit, boolean ascending) {
        StringBuilder q = new StringBuilder("organizationId = :org");
        Map<String, Object> params = new HashMap<>(Map.of("org", org));
        condition(q, params, "agentId", f.agentId());
        condition(q, params, "runId", f.runId());
        condition(q, params, "model", f.model());
        condition(q, params, "feedback", f.feedback());
        if (f.startDate() != null) {
            q.append(" and createdAt >= :start");
            params.put("start", f.startDate());
        }
        if (f.endDate() != null) {
            q.append(" and createdAt <= :end");
            params.put("end", f.endDate());
        }
        if (f.hasFeedback() != null) {
            q.append(f.hasFeedback() ? " and feedback is not null" : " and feedback is null");
        }
        if (f.tags() != null) {
            for (int i = 0; i < f.tags().size(); i++) {
                q.append(" and array_contains(tags, :tag").append(i).append(")");
                params.put("tag" + i, f.tags().get(i));
            }
        }
        return Keyset.resolve("StepRecord", "createdAt", org, "after", after, "step")
                .chain(a -> Keyset.resolve("StepRecord", "createdAt", org, "before", before, "step").chain(b -> {
                    Keyset.Plan plan = Keyset.plan("createdAt", a, b, ascending, params);
                    return find(q + plan.condition() + plan.order(), params).page(0, limit).list().map(plan::arrange);
                }));
    }

    private static void condition(StringBuilder q, Map<String, Object> params, String field, Object value) {
        if (value != null) {
            q.append(" and ").append(field).append(" = :").append(field);
            params.put(field, value);
        }
    }
}
