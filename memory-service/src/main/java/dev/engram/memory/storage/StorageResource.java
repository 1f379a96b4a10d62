package dev.engram.memory.storage;

import dev.engram.memory.web.Callers;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's organization's storage, for agent-service's daily usage snapshot. One read, no state. */
@Path("/v1/storage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "storage")
public class StorageResource {

    private final Pool pool;

    public StorageResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @Operation(summary = "Archival passages, messages and blocks of the organization: counts and text bytes")
    public Uni<Storage> storage(@Context HttpHeaders headers) {
        String org = Callers.of(headers).organizationId();
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
