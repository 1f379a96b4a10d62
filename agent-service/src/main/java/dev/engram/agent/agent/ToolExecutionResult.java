package dev.engram.agent.agent;

import java.util.List;

/**
 * Letta's ToolExecutionResult. {@code func_return} is the tool's return text (null when it failed, the error is in
 * {@code stderr}); {@code agent_state} is always null, as in Letta; built-in tools print nothing, so {@code stdout}
 * is null, and nothing runs in a sandbox.
 */
public record ToolExecutionResult(String status, String funcReturn, Object agentState, List<String> stdout, List<String> stderr,
                                  String sandboxConfigFingerprint) {

    public static ToolExecutionResult success(String funcReturn) {
        return new ToolExecutionResult("success", funcReturn, null, null, null, null);
    }

    /** A tool's outcome: its return or its error, with what it printed. */
    public static ToolExecutionResult of(dev.engram.agent.loop.ToolExecutor.Execution e) {
        if (e.ok()) {
            return new ToolExecutionResult("success", e.output(), null, e.stdout(), e.stderr(), null);
        }
        List<String> stderr = new java.util.ArrayList<>(e.stderr() == null ? List.of() : e.stderr());
        stderr.add(e.error());
        return new ToolExecutionResult("error", null, null, e.stdout(), stderr, null);
    }

    public static ToolExecutionResult error(String error) {
        return new ToolExecutionResult("error", null, null, null, List.of(error), null);
    }
}
