package dev.engram.agent.auth;

import dev.engram.agent.db.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code agent.api_keys}: plain SQL on the reactive pool (a lookup on every request when auth is on). */
@ApplicationScoped
public class ApiKeyRepository {

    private final Pool pool;

    public ApiKeyRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<ApiKeyRow> byHash(String hash) {
        return pool.preparedQuery("SELECT " + ApiKeyRow.COLUMNS + " FROM agent.api_keys WHERE hash = $1")
                .execute(Tuple.of(hash)).map(ApiKeyRepository::first);
    }

    public Uni<ApiKeyRow> findInOrg(String org, String id) {
        return pool.preparedQuery("SELECT " + ApiKeyRow.COLUMNS + " FROM agent.api_keys WHERE organization_id = $1 AND id = $2")
                .execute(Tuple.of(org, id)).map(ApiKeyRepository::first);
    }

    /** Every key of the organization, oldest first (revoked ones included: they show when they were revoked). */
    public Uni<List<ApiKeyRow>> ofOrganization(String org) {
        return pool.preparedQuery("SELECT " + ApiKeyRow.COLUMNS + " FROM agent.api_keys WHERE organization_id = $1 ORDER BY created_at, id")
                .execute(Tuple.of(org)).map(ApiKeyRepository::all);
    }

    public Uni<Void> insert(ApiKeyRow k, String hash) {
        return pool.preparedQuery("""
                        INSERT INTO agent.api_keys (id, organization_id, user_id, name, prefix, hash, role, agent_id, expires_at, created_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""")
                .execute(Tuple.from(new Object[]{k.id(), k.organizationId(), k.userId(), k.name(), k.prefix(), hash, k.role().wire(),
                        k.agentId(), Times.of(k.expiresAt()), Times.of(k.createdAt())}))
                .replaceWithVoid();
    }

    /** Inserts the key unless one with this hash exists (the bootstrap key, ensured by every replica at start). */
    public Uni<Boolean> insertIfAbsent(ApiKeyRow k, String hash) {
        return pool.preparedQuery("""
                        INSERT INTO agent.api_keys (id, organization_id, user_id, name, prefix, hash, role, agent_id, expires_at, created_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (hash) DO NOTHING""")
                .execute(Tuple.from(new Object[]{k.id(), k.organizationId(), k.userId(), k.name(), k.prefix(), hash, k.role().wire(),
                        k.agentId(), Times.of(k.expiresAt()), Times.of(k.createdAt())}))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Revokes the key (the first revocation's time stays); answers the row, null when the org has no such key. */
    public Uni<ApiKeyRow> revoke(String org, String id, Instant now) {
        return pool.preparedQuery("UPDATE agent.api_keys SET revoked_at = COALESCE(revoked_at, $3) WHERE organization_id = $1 AND id = $2"
                        + " RETURNING " + ApiKeyRow.COLUMNS)
                .execute(Tuple.of(org, id, Times.of(now))).map(ApiKeyRepository::first);
    }

    /** Marks the key used, unless it already was within {@code interval} before {@code now}. */
    public Uni<Void> touch(String id, Instant now, Instant notSince) {
        return pool.preparedQuery("UPDATE agent.api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $3)")
                .execute(Tuple.of(id, Times.of(now), Times.of(notSince))).replaceWithVoid();
    }

    private static ApiKeyRow first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? ApiKeyRow.of(it.next()) : null;
    }

    private static List<ApiKeyRow> all(RowSet<Row> rows) {
        List<ApiKeyRow> out = new ArrayList<>();
        rows.forEach(r -> out.add(ApiKeyRow.of(r)));
        return out;
    }
}
