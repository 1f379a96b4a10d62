package dev.engram.memory.message;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;

/**
 * A message in its stored shape (close to Letta's internal Message): typed content parts, OpenAI-shaped tool calls,
 * tool returns with the packaged response. Used to write messages in a step commit and to read them back.
 *
 * @param content     JSON array of parts: {@code {"type":"text","text"}}, {@code {"type":"reasoning","reasoning",
 *                    "is_native","signature"}}, {@code {"type":"redacted_reasoning","data"}}, {@code {"type":"omitted_reasoning"}},
 *                    {@code {"type":"image","source":{...}}}
 * @param toolCalls   JSON array {@code [{"id","type":"function","function":{"name","arguments"}}]} (assistant, approval)
 * @param toolReturns JSON array {@code [{"tool_call_id","status","func_response","stdout","stderr"}]} (tool)
 * @param seq            global order assigned when stored (read only)
 * @param conversationId the conversation it was written in, null for the agent's default thread (read only: a step
 *                       commit stores its own thread's)
 */
public record MessageData(
        String id,
        String agentId,
        @NotNull(message = "Field required") String role,
        JsonNode content,
        String name,
        JsonNode toolCalls,
        String toolCallId,
        JsonNode toolReturns,
        JsonNode approvals,
        String model,
        String otid,
        String senderId,
        String groupId,
        String stepId,
        String runId,
        Boolean isErr,
        Instant createdAt,
        Long seq,
        String conversationId) {

    static MessageData of(Message m) {
        return new MessageData(m.id, m.agentId, m.role, m.content, m.name, m.toolCalls, m.toolCallId, m.toolReturns, m.approvals,
                m.model, m.otid, m.senderId, m.groupId, m.stepId, m.runId, m.isErr, m.createdAt, m.seq, m.conversationId);
    }
}
