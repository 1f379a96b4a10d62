package dev.engram.agent.org;

import dev.engram.agent.db.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code agent.organizations} and {@code agent.users}, plain SQL. */
@ApplicationScoped
public class OrganizationRepository {

    private final Pool pool;

    public OrganizationRepository(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    public Uni<List<Organization>> all() {
        return pool.query("SELECT id, name, created_at FROM agent.organizations ORDER BY created_at, id").execute()
                .map(rows -> map(rows, OrganizationRepository::organization));
    }

    public Uni<Organization> find(String id) {
        return pool.preparedQuery("SELECT id, name, created_at FROM agent.organizations WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> first(rows, OrganizationRepository::organization));
    }

    public Uni<Void> insert(SqlClient client, Organization o) {
        return client.preparedQuery("INSERT INTO agent.organizations (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3)")
                .execute(Tuple.of(o.id(), o.name(), Times.of(o.createdAt()))).replaceWithVoid();
    }

    public Uni<Organization> rename(String id, String name, Instant now) {
        return pool.preparedQuery("UPDATE agent.organizations SET name = $2, updated_at = $3 WHERE id = $1 RETURNING id, name, created_at")
                .execute(Tuple.of(id, name, Times.of(now))).map(rows -> first(rows, OrganizationRepository::organization));
    }

    /** Deletes the organization (with its users and keys) unless it owns agents; answers whether it deleted it. */
    public Uni<Boolean> deleteIfNoAgents(String id) {
        return pool.preparedQuery("""
                        DELETE FROM agent.organizations o WHERE o.id = $1
                        AND NOT EXISTS (SELECT 1 FROM agent.agents a WHERE a.organization_id = o.id)""")
                .execute(Tuple.of(id)).map(rows -> rows.rowCount() > 0);
    }

    public Uni<List<User>> users(String org) {
        return pool.preparedQuery("SELECT id, name, organization_id, created_at, updated_at FROM agent.users WHERE organization_id = $1"
                        + " ORDER BY created_at, id")
                .execute(Tuple.of(org)).map(rows -> map(rows, OrganizationRepository::user));
    }

    public Uni<User> user(String org, String id) {
        return pool.preparedQuery("SELECT id, name, organization_id, created_at, updated_at FROM agent.users WHERE organization_id = $1 AND id = $2")
                .execute(Tuple.of(org, id)).map(rows -> first(rows, OrganizationRepository::user));
    }

    public Uni<Void> insertUser(SqlClient client, User u) {
        return client.preparedQuery("INSERT INTO agent.users (id, organization_id, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)")
                .execute(Tuple.of(u.id(), u.organizationId(), u.name(), Times.of(u.createdAt()))).replaceWithVoid();
    }

    /** Deletes the user and its keys; answers whether it existed. */
    public Uni<Boolean> deleteUser(String org, String id) {
        return pool.preparedQuery("DELETE FROM agent.users WHERE organization_id = $1 AND id = $2")
                .execute(Tuple.of(org, id)).map(rows -> rows.rowCount() > 0);
    }

    private static Organization organization(Row r) {
        return new Organization(r.getString("id"), r.getString("name"), Times.get(r, "created_at"), false);
    }

    private static User user(Row r) {
        return new User(r.getString("id"), r.getString("name"), r.getString("organization_id"), Times.get(r, "created_at"),
                Times.get(r, "updated_at"), false);
    }

    private static <T> List<T> map(RowSet<Row> rows, java.util.function.Function<Row, T> f) {
        List<T> out = new ArrayList<>();
        rows.forEach(r -> out.add(f.apply(r)));
        return out;
    }

    private static <T> T first(RowSet<Row> rows, java.util.function.Function<Row, T> f) {
        var it = rows.iterator();
        return it.hasNext() ? f.apply(it.next()) : null;
    }
}
