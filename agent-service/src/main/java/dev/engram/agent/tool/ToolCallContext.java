package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.web.Actor;

/**
 * One call of a tool: who acts, for which agent, with which arguments. {@code toolCallId} is the idempotency key of
 * any memory change the call makes, so a step re-run after a crash never applies an edit twice.
 *
 * @param embeddingHandle the agent's embedding model, or null for a text-only archival memory
 * @param timezone        the agent's IANA timezone, or null for UTC
 */
public record ToolCallContext(Actor actor, String agentId, String toolCallId, JsonNode arguments, String embeddingHandle,
                              String timezone) {
}
