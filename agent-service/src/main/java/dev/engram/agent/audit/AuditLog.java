package dev.engram.agent.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.engram.agent.db.Times;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Cursors;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The append-only log of administrative actions ({@code agent.audit_log}): key creation and revocation,
 * organization and user changes, limits. Actions are named {@code <target>.<verb>}, e.g. {@code api_key.create}.
 */
@ApplicationScoped
public class AuditLog {

    private final Pool pool;

    public AuditLog(Pool pool) {
        this.pool = pool;
    }

    /** Appends an entry; {@code details} is serialised as JSON (null: none). */
    public Uni<Void> record(String organizationId, String actorUserId, String action, String targetType, String targetId, Object details) {
        String json;
        try {
            json = details == null ? null : JsonText.MAPPER.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return pool.preparedQuery("""
                        INSERT INTO agent.audit_log (id, organization_id, actor_user_id, action, target_type, target_id, details, created_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8)""")
                .execute(Tuple.from(new Object[]{"audit-" + UUID.randomUUID(), organizationId, actorUserId, action, targetType, targetId,
                        json, Times.of(Instant.now())}))
                .replaceWithVoid();
    }

    /**
     * A page of the organization's entries, newest first unless {@code ascending}; {@code after}/{@code before} are
     * entry ids (an id the organization has no entry of is a 404 naming the parameter, as other lists answer).
     */
    public Uni<List<AuditEntry>> page(String org, String after, String before, int limit, boolean ascending, String action) {
        if (limit < 1) {
            throw ApiException.unprocessable("limit: Input should be greater than 0");
        }
        return cursor(org, "after", after).chain(a -> cursor(org, "before", before).chain(b -> {
            List<Object> params = new ArrayList<>(List.of(org));
            StringBuilder where = new StringBuilder("organization_id = $1");
            if (action != null) {
                params.add(action);
                where.append(" AND action = $").append(params.size());
            }
            if (a != null) {
                where.append(" AND (created_at, id) ").append(ascending ? ">" : "<").append(tuple(params, a));
            }
            if (b != null) {
                where.append(" AND (created_at, id) ").append(ascending ? "<" : ">").append(tuple(params, b));
            }
            boolean reverse = b != null && a == null; // before alone: the entries nearest the cursor, turned round
            String dir = ascending != reverse ? "ASC" : "DESC";
            params.add(Math.min(limit, 1000));
            String sql = "SELECT id, organization_id, actor_user_id, action, target_type, target_id, details::text AS details, created_at"
                    + " FROM agent.audit_log WHERE " + where + " ORDER BY created_at " + dir + ", id " + dir + " LIMIT $" + params.size();
            return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
                List<AuditEntry> out = new ArrayList<>();
                rows.forEach(r -> out.add(entry(r)));
                if (reverse) {
                    Collections.reverse(out);
                }
                return out;
            });
        }));
    }

    private record Position(Instant createdAt, String id) {
    }

    private static String tuple(List<Object> params, Position p) {
        params.add(Times.of(p.createdAt()));
        params.add(p.id());
        return " ($" + (params.size() - 1) + ", $" + params.size() + ")";
    }

    private Uni<Position> cursor(String org, String param, String id) {
        if (id == null) {
            return Uni.createFrom().nullItem();
        }
        return pool.preparedQuery("SELECT created_at, id FROM agent.audit_log WHERE organization_id = $1 AND id = $2")
                .execute(Tuple.of(org, id)).map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw Cursors.unknown(param, "audit log entry", id);
                    }
                    Row r = rows.iterator().next();
                    return new Position(Times.get(r, "created_at"), r.getString("id"));
                });
    }

    private static AuditEntry entry(Row r) {
        String details = r.getString("details");
        try {
            return new AuditEntry(r.getString("id"), r.getString("organization_id"), r.getString("actor_user_id"), r.getString("action"),
                    r.getString("target_type"), r.getString("target_id"), details == null ? null : JsonText.MAPPER.readTree(details),
                    Times.get(r, "created_at"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
