package dev.engram.agent.tool.source;

import java.util.List;

/**
 * The plain positional parameters of the function a stored tool names, and whether it is {@code async}: what the
 * sandbox needs to call it. The schema may have been given rather than generated, so this is read by name.
 */
public record ToolSignature(List<String> arguments, boolean async) {

    public ToolSignature {
        arguments = List.copyOf(arguments);
    }

    /** The function wants the agent's state passed in (and handed back after the call). */
    public boolean takesAgentState() {
        return arguments.contains("agent_state");
    }

    /** The function wants the calling agent's id. */
    public boolean takesAgentId() {
        return arguments.contains("agent_id");
    }
}
