package dev.engram.memory.passage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/** Several passages of one agent to insert at once (imports, conversation archives). */
public record CreatePassages(@NotNull(message = "Field required") List<@Valid @NotNull CreatePassage> passages) {

    /** Keeps one request's embedding call and transaction short. */
    public static final int MAX_PASSAGES = 500;
}
