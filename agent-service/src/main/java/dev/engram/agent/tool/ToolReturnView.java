package dev.engram.agent.tool;

import java.time.Instant;
import java.util.List;

/**
 * Letta's ToolReturnMessage, as {@code POST /v1/tools/run} answers: a run outside any agent, so the ids are Letta's
 * literal {@code "null"}.
 */
public record ToolReturnView(String id, Instant date, String name, String messageType, String otid, String senderId, String stepId,
                             Boolean isErr, Integer seqId, String runId, String toolReturn, String status, String toolCallId,
                             List<String> stdout, List<String> stderr, List<ToolReturn> toolReturns) {

    /** One entry of {@code tool_returns}. */
    public record ToolReturn(String type, String toolReturn, String status, String toolCallId, List<String> stdout, List<String> stderr) {
    }

    public static ToolReturnView of(String name, boolean ok, String toolReturn, List<String> stdout, List<String> stderr) {
        return new ToolReturnView("null", Instant.now(), name, "tool_return_message", null, null, null, null, null, null, toolReturn,
                ok ? "success" : "error", "null", stdout, stderr,
                List.of(new ToolReturn("tool", toolReturn, ok ? "success" : "error", "null", stdout, stderr)));
    }
}
