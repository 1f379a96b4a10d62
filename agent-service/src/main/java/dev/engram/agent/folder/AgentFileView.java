package dev.engram.agent.folder;

import java.time.Instant;
import java.util.List;

/** Letta's AgentFileAttachment: a file in the agent's context. */
public record AgentFileView(String id, String fileId, String fileName, String folderId, String folderName, boolean isOpen,
                            Instant lastAccessedAt, String visibleContent, Integer startLine, Integer endLine) {

    /** Letta's PaginatedAgentFiles. */
    public record Page(List<AgentFileView> files, String nextCursor, boolean hasMore) {
    }
}
