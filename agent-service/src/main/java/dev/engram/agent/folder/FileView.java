package dev.engram.agent.folder;

import java.time.Instant;

/** Letta's FileMetadata; {@code content} only when asked for. */
public record FileView(String id, String sourceId, String organizationId, String fileName, String originalFileName, String filePath,
                       String fileType, Long fileSize, String fileCreationDate, String fileLastModifiedDate,
                       String processingStatus, String errorMessage, Integer totalChunks, Integer chunksEmbedded, String content,
                       Instant createdAt, Instant updatedAt) {

    static FileView of(FolderFile f, boolean withContent) {
        return new FileView(f.id, f.folderId, f.organizationId, f.fileName, f.originalFileName, null, f.fileType, f.fileSize, null,
                null, f.processingStatus, f.errorMessage, f.totalChunks, f.chunksEmbedded, withContent ? f.content : null,
                f.createdAt, f.updatedAt);
    }
}
