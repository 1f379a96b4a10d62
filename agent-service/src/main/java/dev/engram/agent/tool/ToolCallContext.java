package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.web.Actor;

/**
 * One call of a tool: who acts, for which agent, with which arguments, and the idempotency key of any memory change
 * the call makes (a replay with the same key applies the change once).
 *
 * @param conversationId  the conversation whose step made the call (its isolated blocks are the ones edited by label);
 *                        null for the agent's own thread
 * @param toolCallId      the model's tool call id; null for a call a client made directly
 * @param embeddingHandle the agent's embedding model, or null for a text-only archival memory
 * @param timezone        the agent's IANA timezone, or null for UTC
 */
public record ToolCallContext(Actor actor, String agentId, String conversationId, String toolCallId, String idempotencyKey,
                              JsonNode arguments, String embeddingHandle, String timezone) {

    /**
     * A call the model made in a step. The step id is part of the key, so a step re-run after a crash never applies a
     * change twice, and providers do not promise tool call ids unique beyond one response.
     */
    public static ToolCallContext inStep(Actor actor, String agentId, String conversationId, String stepId, String toolCallId,
                                         JsonNode arguments, String embeddingHandle, String timezone) {
        return new ToolCallContext(actor, agentId, conversationId, toolCallId, "tool:" + stepId + ":" + toolCallId, arguments,
                embeddingHandle, timezone);
    }

    /** A call a client made directly, outside any step ({@code POST /v1/agents/{id}/tools/{name}/run}). */
    public static ToolCallContext direct(Actor actor, String agentId, String idempotencyKey, JsonNode arguments,
                                         String embeddingHandle, String timezone) {
        return new ToolCallContext(actor, agentId, null, null, idempotencyKey, arguments, embeddingHandle, timezone);
    }
}
