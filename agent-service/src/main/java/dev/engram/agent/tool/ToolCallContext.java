package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.web.Actor;

import java.util.List;
import java.util.Map;

/**
 * One call of a tool: who acts, for which agent, with which arguments, and the idempotency key of any memory change
 * the call makes (a replay with the same key applies the change once).
 *
 * @param conversationId  the conversation whose step made the call (its isolated blocks are the ones edited by label);
 *                        null for the agent's own thread
 * @param toolCallId      the model's tool call id; null for a call a client made directly
 * @param embeddingHandle the agent's embedding model, or null for a text-only archival memory
 * @param timezone        the agent's IANA timezone, or null for UTC
 * @param environment     the agent's tool environment variables (its secrets): all a sandboxed tool sees of the server
 * @param callers         the agents whose tool calls led to this run, outermost first (multi-agent tools stop cycles
 *                        and deep chains with it); empty for a run a client started
 * @param agentName       the agent's name (its default archive is named after it), or null
 */
public record ToolCallContext(Actor actor, String agentId, String conversationId, String toolCallId, String idempotencyKey,
                              JsonNode arguments, String embeddingHandle, String timezone, Map<String, String> environment,
                              List<String> callers, String agentName) {

    public ToolCallContext {
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        callers = callers == null ? List.of() : List.copyOf(callers);
    }

    /**
     * A call the model made in a step. The step id is part of the key, so a step re-run after a crash never applies a
     * change twice, and providers do not promise tool call ids unique beyond one response.
     */
    public static ToolCallContext inStep(Actor actor, String agentId, String conversationId, String stepId, String toolCallId,
                                         JsonNode arguments, String embeddingHandle, String timezone, Map<String, String> environment,
                                         List<String> callers) {
        return new ToolCallContext(actor, agentId, conversationId, toolCallId, "tool:" + stepId + ":" + toolCallId, arguments,
                embeddingHandle, timezone, environment, callers, null);
    }

    /** A call a client made directly, outside any step ({@code POST /v1/agents/{id}/tools/{name}/run}). */
    public static ToolCallContext direct(Actor actor, String agentId, String idempotencyKey, JsonNode arguments,
                                         String embeddingHandle, String timezone, Map<String, String> environment) {
        return new ToolCallContext(actor, agentId, null, null, idempotencyKey, arguments, embeddingHandle, timezone, environment, List.of(),
                null);
    }

    /** The same call, knowing the agent's name. */
    public ToolCallContext named(String name) {
        return new ToolCallContext(actor, agentId, conversationId, toolCallId, idempotencyKey, arguments, embeddingHandle, timezone,
                environment, callers, name);
    }
}
