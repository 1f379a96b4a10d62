package dev.engram.agent.web;

import java.util.regex.Pattern;

/** Letta-style ids: {@code <prefix>-<uuid4>}; typed path parameters are checked against this form. */
public final class Ids {

    private static final String UUID4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    private Ids() {
    }

    /** Rejects a malformed id with 422 naming the parameter, as Letta's path validation does. */
    public static String require(String prefix, String param, String id) {
        if (id == null || !Pattern.matches(Pattern.quote(prefix) + "-" + UUID4, id)) {
            throw ApiException.unprocessable(param + ": String should match pattern '^" + prefix + "-" + UUID4 + "$' (got '" + id
                    + "'), e.g. " + prefix + "-123e4567-e89b-42d3-8456-426614174000");
        }
        return id;
    }
}
