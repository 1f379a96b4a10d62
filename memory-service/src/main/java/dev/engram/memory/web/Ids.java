package dev.engram.memory.web;

import java.util.UUID;
import java.util.regex.Pattern;

/** Letta-style ids: {@code <prefix>-<uuid4>}. */
public final class Ids {

    /** How callers name an agent's own thread. */
    public static final String DEFAULT_THREAD = "default";

    private static final String UUID4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    private Ids() {
    }

    public static String next(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    public static boolean valid(String prefix, String id) {
        return id != null && Pattern.matches(Pattern.quote(prefix) + "-" + UUID4, id);
    }

    /**
     * A thread of an agent: null for its default thread (the parameter absent, null or {@code default}), else the
     * conversation id, which must be {@code conv-<uuid4>} (422 naming the parameter otherwise).
     */
    public static String conversation(String param, String id) {
        return id == null || DEFAULT_THREAD.equals(id) ? null : require("conv", param, id);
    }

    /** Rejects a malformed id with 422 naming the parameter. */
    public static String require(String prefix, String param, String id) {
        if (!valid(prefix, id)) {
            throw ApiException.unprocessable(param + ": invalid id '" + id + "', expected '" + prefix
                    + "-<uuid4>' such as " + prefix + "-123e4567-e89b-42d3-8456-426614174000");
        }
        return id;
    }
}
