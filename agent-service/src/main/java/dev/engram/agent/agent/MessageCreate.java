package dev.engram.agent.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Letta's MessageCreate: a message from the user (or system/assistant, for initial sequences). {@code content} is a
 * string or a list of parts ({@code {"type":"text","text"}}, {@code {"type":"image","source":{...}}}).
 */
public record MessageCreate(String type, String role, JsonNode content, String name, String otid, String senderId,
                            String batchItemId, String groupId) {
}
