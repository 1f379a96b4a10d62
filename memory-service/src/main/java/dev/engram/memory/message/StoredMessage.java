package dev.engram.memory.message;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** One stored message: whose it is, its stored shape, and the Letta messages it shows as (in natural order). */
public record StoredMessage(String agentId, MessageData message, List<ObjectNode> letta) {
}
