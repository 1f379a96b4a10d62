package dev.engram.memory.storage;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What an organization stores, in one statement over the pool (one snapshot, no entities needed). Its passage count
 * counts what {@link dev.engram.memory.passage.PassageRepository#countInOrganization} counts: every passage of the
 * organization.
 */
@ApplicationScoped
public class StorageRepository {

    private final Pool pool;

    public StorageRepository(Pool pool) {
        this.pool = pool;
    }

    /** Counts and text bytes (UTF-8) of the organization's passages, messages and blocks. */
    public Uni<Storage> of(String org) {
        return pool.preparedQuery("""
                        SELECT (SELECT count(*) FROM memory.passages WHERE organization_id = $1) AS passages,
                               (SELECT COALESCE(sum(octet_length(text)), 0) FROM memory.passages WHERE organization_id = $1) AS passage_bytes,
                               (SELECT count(*) FROM memory.messages WHERE organization_id = $1) AS messages,
                               (SELECT COALESCE(sum(octet_length(content)), 0) FROM memory.messages WHERE organization_id = $1) AS message_bytes,
                               (SELECT count(*) FROM memory.blocks WHERE organization_id = $1) AS blocks,
                               (SELECT COALESCE(sum(octet_length(value)), 0) FROM memory.blocks WHERE organization_id = $1) AS block_bytes""")
                .execute(Tuple.of(org))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Storage(org, n(r, "passages"), n(r, "passage_bytes"), n(r, "messages"), n(r, "message_bytes"),
                            n(r, "blocks"), n(r, "block_bytes"));
                });
    }

    private static long n(Row r, String column) {
        return ((Number) r.getValue(column)).longValue();
    }
}
