package dev.engram.memory.web;

import io.smallrye.mutiny.Uni;

import java.util.function.Supplier;

/**
 * Letta's cursors name rows: a cursor that names no row of the list's scope is a 404 naming the parameter (Letta's
 * answer for a cursor row it cannot find), never an empty page that a paginating client would take for the end.
 */
public final class Cursors {

    private Cursors() {
    }

    /** Succeeds when {@code id} is null or {@code count} finds it; fails with the 404 otherwise. */
    public static Uni<Void> known(String param, String id, String kind, Supplier<Uni<Long>> count) {
        if (id == null) {
            return Uni.createFrom().voidItem();
        }
        return count.get().chain(n -> n > 0 ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(ApiException.notFound(param + ": No " + kind + " found with id " + id)));
    }

    /** Both cursors of a page known. */
    public static Uni<Void> known(Page page, String kind, java.util.function.Function<String, Uni<Long>> count) {
        return known("after", page.after(), kind, () -> count.apply(page.after()))
                .chain(() -> known("before", page.before(), kind, () -> count.apply(page.before())));
    }
}
