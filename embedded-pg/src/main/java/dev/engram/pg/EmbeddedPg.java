package dev.engram.pg;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A real PostgreSQL server run from the zonky binaries jar, with one application database.
 * Used by {@code ./engram up} (persistent data directory) and by the test suites (throw-away directory).
 */
public final class EmbeddedPg implements Closeable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;
    private final String database;

    private EmbeddedPg(EmbeddedPostgres postgres, String database) {
        this.postgres = postgres;
        this.database = database;
    }

    /**
     * Starts PostgreSQL on {@code port} (0 = any free port) with its data in {@code dataDir}, keeping existing data,
     * and creates {@code database} if it does not exist yet.
     */
    public static EmbeddedPg start(Path dataDir, Path workDir, int port, String database) throws IOException {
        Files.createDirectories(dataDir);
        Files.createDirectories(workDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(workDir.toFile())
                .setServerConfig("max_connections", "300")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setPGStartupWait(java.time.Duration.ofSeconds(60));
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres pg = builder.start();
        EmbeddedPg embedded = new EmbeddedPg(pg, database);
        embedded.createDatabaseIfMissing();
        return embedded;
    }

    private void createDatabaseIfMissing() throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE \"" + database + "\"");
        } catch (SQLException e) {
            throw new IOException("could not create database " + database, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String database() {
        return database;
    }

    /** The connection URI in the form of {@code LETTA_PG_URI}. */
    public String uri() {
        return "postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port() + "/" + database;
    }

    /** Quarkus datasource properties pointing at this server. */
    public Map<String, String> quarkusDatasourceProperties() {
        return Map.of(
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", PASSWORD,
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port() + "/" + database,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port() + "/" + database);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
