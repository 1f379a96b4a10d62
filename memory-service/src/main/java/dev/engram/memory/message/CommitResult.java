package dev.engram.memory.message;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The outcome of a step commit.
 *
 * @param messages the step's new messages as Letta messages, when the commit asked for a view; else null
 */
public record CommitResult(String stepId, long contextVersion, List<String> inContextMessageIds, List<ObjectNode> messages) {
}
