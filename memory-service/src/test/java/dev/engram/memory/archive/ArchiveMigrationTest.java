package dev.engram.memory.archive;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** V6 on a database written before archives: each agent's passages become its default archive, the index is rebuilt. */
@QuarkusTest
class ArchiveMigrationTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void existing_passages_become_each_agents_default_archive_and_the_index_is_rebuilt() throws Exception {
        String schema = "migration_" + UUID.randomUUID().toString().substring(0, 8);
        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema).target("5").load().migrate();
        String uuid = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            s.execute("INSERT INTO passages (id, organization_id, agent_id, text, created_at, updated_at, embedding_handle) VALUES "
                    + "('passage-1', 'org-a', 'agent-" + uuid + "', 'one', now(), now(), 'local/m'), "
                    + "('passage-2', 'org-a', 'agent-" + uuid + "', 'two', now(), now(), 'local/m')");
            s.execute("INSERT INTO index_outbox (organization_id, agent_id, passage_id, op, created_at) "
                    + "VALUES ('org-a', 'agent-" + uuid + "', 'passage-2', 'upsert', now())");
            s.execute("INSERT INTO index_state (id, applied_watermark, updated_at) VALUES (1, 7, now())");
        }
        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema).load().migrate();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            assertEquals("archive-" + uuid, one(s, "SELECT DISTINCT archive_id FROM passages"));
            assertEquals("org-a|local/m|Default archive", one(s, "SELECT organization_id || '|' || embedding_handle || '|' || name FROM archives"));
            assertEquals("agent-" + uuid + "|true", one(s, "SELECT agent_id || '|' || is_owner FROM archive_agents WHERE archive_id = 'archive-" + uuid + "'"));
            assertEquals("archive-" + uuid, one(s, "SELECT agent_id FROM index_outbox"));
            assertTrue(Long.parseLong(one(s, "SELECT applied_watermark FROM index_state")) > 7, "a rebuild is forced");
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static String one(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            assertTrue(r.next(), sql);
            String v = r.getString(1);
            assertTrue(!r.next(), "one row: " + sql);
            return v;
        }
    }
}
