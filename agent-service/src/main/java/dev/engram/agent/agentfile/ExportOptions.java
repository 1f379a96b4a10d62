package dev.engram.agent.agentfile;

/**
 * What an export holds beyond the agent itself.
 *
 * @param conversationId        Letta's: the messages and window of this conversation instead of the agent's own thread
 * @param scrubMessages         Letta's: no messages and an empty window
 * @param includePassages       Engram's: the agent's archival passages ({@code passages} on the agent)
 * @param includeVectors        Engram's: with their vectors ({@code embedding}, {@code embedding_config}); implies includePassages
 * @param includeConversations  Engram's: every message of every thread and each conversation with its window
 * @param skills                Letta's POST body: skills to put in the file as given
 */
public record ExportOptions(String conversationId, boolean scrubMessages, boolean includePassages, boolean includeVectors,
                            boolean includeConversations, com.fasterxml.jackson.databind.JsonNode skills) {
}
