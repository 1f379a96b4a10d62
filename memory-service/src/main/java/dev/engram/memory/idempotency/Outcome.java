package dev.engram.memory.idempotency;

/** The result of a mutating call as the client sees it: HTTP status and JSON body. Stored for replays. */
public record Outcome(int status, Object body) {

    public static Outcome ok(Object body) {
        return new Outcome(200, body);
    }
}
