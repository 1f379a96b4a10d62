package dev.engram.agent.db;

import dev.engram.agent.web.Cursors;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Letta's cursor pagination as keyset conditions on {@code (column, id)} in the ORM's query language: {@code after}
 * and {@code before} are row ids, looked up first, so a cursor that names no row of the organization is a 404 naming
 * the parameter (Letta's answer) rather than an empty page. {@code before} alone pages backwards: the rows nearest the
 * cursor, fetched in the opposite order and turned round. Nulls sort last in both directions.
 */
public final class Keyset {

    /** A cursor row: its sort value (possibly null) and id. */
    public record Cursor(Object value, String id) {
    }

    /** The where-condition (empty or starting with " and "), the order clause and whether to turn the rows round. */
    public record Plan(String condition, String order, boolean reverse) {

        public <T> List<T> arrange(List<T> rows) {
            if (!reverse) {
                return rows;
            }
            List<T> copy = new ArrayList<>(rows);
            Collections.reverse(copy);
            return copy;
        }
    }

    private Keyset() {
    }

    /**
     * Looks the cursor row up in {@code entity} within the organization: null for no cursor, a 404 naming
     * {@code param} when no such row exists. Runs in the caller's session.
     */
    public static Uni<Cursor> resolve(String entity, String column, String org, String param, String id, String kind) {
        if (id == null) {
            return Uni.createFrom().nullItem();
        }
        return Panache.getSession().chain(s -> s.createQuery("select c." + column + ", c.id from " + entity
                                + " c where c.id = :id and c.organizationId = :org", Object[].class)
                        .setParameter("id", id).setParameter("org", org).getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw Cursors.unknown(param, kind, id);
                    }
                    return new Cursor(rows.getFirst()[0], (String) rows.getFirst()[1]);
                });
    }

    /** Conditions for the rows strictly after {@code after} and strictly before {@code before}, in this order. */
    public static Plan plan(String column, Cursor after, Cursor before, boolean ascending, Map<String, Object> params) {
        StringBuilder where = new StringBuilder();
        if (after != null) {
            where.append(" and ").append(beyond(column, after, ascending, "after", params));
        }
        if (before != null) {
            where.append(" and ").append(beyond(column, before, !ascending, "before", params));
        }
        boolean reverse = before != null && after == null;
        String dir = ascending != reverse ? "asc" : "desc";
        String nulls = reverse ? "nulls first" : "nulls last";
        return new Plan(where.toString(), " order by " + column + " " + dir + " " + nulls + ", id " + dir, reverse);
    }

    /**
     * The rows that come after the cursor when the list runs {@code forwards} (ascending) or not; nulls are at the end
     * of the list either way, so seen from {@code before} (forwards flipped) they are at the start.
     */
    private static String beyond(String column, Cursor c, boolean forwards, String name, Map<String, Object> params) {
        boolean towardsNullEnd = name.equals("after");
        String cmp = forwards ? ">" : "<";
        params.put(name + "Id", c.id());
        if (c.value() == null) {
            // the cursor is among the nulls: after it only nulls further on; before it every non-null and earlier nulls
            return towardsNullEnd ? "(" + column + " is null and id " + cmp + " :" + name + "Id)"
                    : "(" + column + " is not null or id " + cmp + " :" + name + "Id)";
        }
        params.put(name + "Value", c.value());
        String ordered = column + " " + cmp + " :" + name + "Value or (" + column + " = :" + name + "Value and id " + cmp + " :" + name + "Id)";
        return towardsNullEnd ? "(" + ordered + " or " + column + " is null)" : "(" + ordered + ")";
    }
}
