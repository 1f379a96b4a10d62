package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;

/**
 * A built-in tool: its specification and its code in one class. Collected by name in {@link ToolRegistry}.
 * A failure the model should see is thrown as {@link ToolFailure}; anything else fails the step.
 */
public interface Tool {

    /** The function name the model calls. */
    String name();

    /** Letta's tool_type, e.g. {@code letta_core}, {@code letta_memory_core}. */
    String type();

    String description();

    /** JSON Schema of the arguments: {@code {"type":"object","properties":{...},"required":[...]}}. */
    ObjectNode parameters();

    /** Runs the call; the result is the text the model gets back. */
    Uni<String> execute(ToolCallContext call);

    /** Runs the call with what it printed; tools that print nothing need only {@link #execute}. */
    default Uni<ToolOutput> run(ToolCallContext call) {
        return execute(call).map(ToolOutput::of);
    }

    /** Ends the agent's turn when called (send_message, memory_finish_edits). */
    default boolean terminal() {
        return false;
    }

    /** The system prompt shows memory this tool may change: recompile it after a successful call. */
    default boolean changesMemory() {
        return false;
    }

    /** Output beyond this many characters is cut, with a note; search tools are exempt. */
    default int returnCharLimit() {
        return 50_000;
    }

    default boolean exemptFromTruncation() {
        return false;
    }
}
