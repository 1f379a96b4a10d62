package dev.engram.agent.support;

import dev.engram.pg.EmbeddedPg;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Direct SQL on the suite's database, for the few states no public route can make (another organization, an old run). */
public final class Db {

    private Db() {
    }

    /** Runs one statement; answers how many rows it changed. */
    public static int update(String sql, Object... params) {
        var pg = Suite.get().database;
        try (Connection c = DriverManager.getConnection(pg.quarkusDatasourceProperties().get("quarkus.datasource.jdbc.url"),
                EmbeddedPg.USER, EmbeddedPg.PASSWORD);
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one query; answers its rows as column name to value. */
    public static java.util.List<java.util.Map<String, Object>> query(String sql, Object... params) {
        var pg = Suite.get().database;
        try (Connection c = DriverManager.getConnection(pg.quarkusDatasourceProperties().get("quarkus.datasource.jdbc.url"),
                EmbeddedPg.USER, EmbeddedPg.PASSWORD);
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            java.util.List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
            try (var rs = s.executeQuery()) {
                var meta = rs.getMetaData();
                while (rs.next()) {
                    java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnName(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row of a query, as a number (a count, a sum). */
    public static long queryLong(String sql, Object... params) {
        Object v = query(sql, params).getFirst().values().iterator().next();
        return ((Number) v).longValue();
    }
}
