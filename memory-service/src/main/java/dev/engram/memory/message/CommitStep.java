package dev.engram.memory.message;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/**
 * One step of an agent's thread, committed atomically: its new messages, rewritten messages (the system message,
 * recompiled in place) and the thread's new in-context window. Keyed by {@code step_id}: committing the same step again changes
 * nothing and answers as the first commit did.
 *
 * @param inContextMessageIds the whole new window, system message first; every id must be stored or in {@code messages}
 * @param expectedVersion     optional: the window version this step was computed from (409 if it moved)
 * @param view                optional: answer the step's new messages as Letta messages, converted this way
 * @param conversationId      the thread: null, absent or {@code default} for the agent's own, else a {@code conv-<uuid4>}
 *                            whose window exists; its new messages are stored with it
 */
public record CommitStep(
        @NotNull(message = "Field required") String stepId,
        String runId,
        List<@Valid MessageData> messages,
        List<@Valid Rewrite> rewrites,
        @NotEmpty(message = "Field required") List<String> inContextMessageIds,
        Long expectedVersion,
        ViewOptions view,
        String conversationId) {

    /** The same step committed to another thread. */
    public CommitStep inConversation(String conversation) {
        return new CommitStep(stepId, runId, messages, rewrites, inContextMessageIds, expectedVersion, view, conversation);
    }

    /** New content for a stored message; only the system message may be rewritten. */
    public record Rewrite(@NotNull(message = "Field required") String id,
                          @NotNull(message = "Field required") com.fasterxml.jackson.databind.JsonNode content) {
    }
}
