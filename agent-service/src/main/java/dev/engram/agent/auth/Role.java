package dev.engram.agent.auth;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a key may do: {@code admin} everything, {@code member} all but the admin API, {@code read_only} only reads. */
public enum Role {
    ADMIN("admin"), MEMBER("member"), READ_ONLY("read_only");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The role of a wire name, or null when there is none by that name. */
    public static Role of(String wire) {
        for (Role r : values()) {
            if (r.wire.equals(wire)) {
                return r;
            }
        }
        return null;
    }

    public static String names() {
        return Arrays.stream(values()).map(r -> "'" + r.wire + "'").collect(Collectors.joining(", "));
    }
}
