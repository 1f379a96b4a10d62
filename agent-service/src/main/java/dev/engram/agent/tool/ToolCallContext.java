package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.web.Actor;

/**
 * One call of a tool: who acts, for which agent, in which step, with which arguments.
 *
 * @param stepId          the step the call belongs to; it stays the same when a step is re-run after a crash
 * @param embeddingHandle the agent's embedding model, or null for a text-only archival memory
 * @param timezone        the agent's IANA timezone, or null for UTC
 */
public record ToolCallContext(Actor actor, String agentId, String stepId, String toolCallId, JsonNode arguments,
                              String embeddingHandle, String timezone) {

    /**
     * The idempotency key of any memory change the call makes, so a step re-run after a crash never applies it twice.
     * The step id is part of it: providers do not promise tool call ids unique beyond one response.
     */
    public String idempotencyKey() {
        return "tool:" + stepId + ":" + toolCallId;
    }
}
