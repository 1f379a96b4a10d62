package dev.engram.memory.web;

import jakarta.ws.rs.core.HttpHeaders;

/** Reads the {@link Caller} of a request from its headers. */
public final class Callers {

    private Callers() {
    }

    public static Caller of(HttpHeaders headers) {
        return Caller.of(headers.getHeaderString(Caller.ORG_HEADER), headers.getHeaderString(Caller.ACTOR_HEADER));
    }
}
