package dev.engram.agent.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Letta's cursor pagination over a short list held in memory (an agent's blocks or tools): {@code order} sorts,
 * {@code after}/{@code before} are item ids, {@code limit} cuts. The Letta clients page by asking again with
 * {@code after=<last id>} until a page comes back empty, so a route that ignored the cursor would make them loop
 * for ever. A cursor that names no item of the list is a 404 naming the parameter, as Letta answers for a cursor row
 * it cannot find.
 */
public final class Cursors {

    private Cursors() {
    }

    /**
     * @param oldestFirst the items, oldest first
     * @param ascending   {@code order=asc}; Letta's default is usually {@code desc}
     * @param kind        what the list holds, for the error of an unknown cursor
     */
    public static <T> List<T> page(List<T> oldestFirst, Function<T, String> id, String before, String after, int limit,
                                   boolean ascending, String kind) {
        if (limit < 1) {
            throw ApiException.unprocessable("limit: Input should be greater than 0");
        }
        List<T> sorted = new ArrayList<>(oldestFirst);
        if (!ascending) {
            java.util.Collections.reverse(sorted);
        }
        int from = 0;
        int to = sorted.size();
        if (after != null) {
            from = indexOf(sorted, id, after) + 1;
            if (from == 0) {
                throw unknown("after", kind, after);
            }
        }
        if (before != null) {
            to = indexOf(sorted, id, before);
            if (to < 0) {
                throw unknown("before", kind, before);
            }
        }
        if (from >= to) {
            return List.of();
        }
        // before without after pages backwards: the items nearest the cursor, still in the asked order
        boolean backwards = before != null && after == null;
        return backwards ? List.copyOf(sorted.subList(Math.max(from, to - limit), to))
                : List.copyOf(sorted.subList(from, Math.min(to, from + limit)));
    }

    /** Letta's answer to a cursor that names no row, with the parameter in front. */
    public static ApiException unknown(String param, String kind, String cursor) {
        return ApiException.notFound(param + ": No " + kind + " found with id " + cursor);
    }

    private static <T> int indexOf(List<T> items, Function<T, String> id, String cursor) {
        for (int i = 0; i < items.size(); i++) {
            if (cursor.equals(id.apply(items.get(i)))) {
                return i;
            }
        }
        return -1;
    }
}
