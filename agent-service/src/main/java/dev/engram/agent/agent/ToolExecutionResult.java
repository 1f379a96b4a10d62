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

    public static ToolExecutionResult error(String error) {
        return new ToolExecutionResult("error", null, null, null, List.of(error), null);
    }
}
