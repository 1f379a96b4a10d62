package dev.engram.memory.db;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Letta's list cursors over an entity ordered by {@code (createdAt, id)}: {@code after}/{@code before} name an item of
 * the list, and a page read backwards from {@code before} alone is turned around before it is answered.
 */
public final class CreatedAtKeyset {

    private CreatedAtKeyset() {
    }

    /** Appends the cursor conditions and the order to a JPQL query on {@code entity}; answers whether to reverse. */
    public static boolean append(StringBuilder q, Map<String, Object> params, String entity, String after, String before,
                                 boolean ascending) {
        String cursor = "(select c.createdAt from " + entity + " c where c.id = :%s)";
        if (after != null) {
            q.append(ascending ? " and (createdAt > " : " and (createdAt < ").append(cursor.formatted("after"))
                    .append(" or (createdAt = ").append(cursor.formatted("after")).append(ascending ? " and id > :after))" : " and id < :after))");
            params.put("after", after);
        }
        if (before != null) {
            q.append(ascending ? " and (createdAt < " : " and (createdAt > ").append(cursor.formatted("before"))
                    .append(" or (createdAt = ").append(cursor.formatted("before")).append(ascending ? " and id < :before))" : " and id > :before))");
            params.put("before", before);
        }
        boolean reverse = before != null && after == null;
        String dir = ascending != reverse ? "asc" : "desc";
        q.append(" order by createdAt ").append(dir).append(", id ").append(dir);
        return reverse;
    }

    /** The rows in the list's order. */
    public static <T> List<T> inOrder(List<T> rows, boolean reverse) {
        if (!reverse) {
            return rows;
        }
        List<T> copy = new ArrayList<>(rows);
        Collections.reverse(copy);
        return copy;
    }
}
