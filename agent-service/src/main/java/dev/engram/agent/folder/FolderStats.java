package dev.engram.agent.folder;

import java.util.List;

/** Letta's OrganizationSourcesStats: the organization's folders, files and bytes. */
public record FolderStats(long totalSources, long totalFiles, long totalSize, List<Source> sources) {

    /** Letta's SourceStats. */
    public record Source(String sourceId, String sourceName, long fileCount, long totalSize, List<File> files) {
    }

    /** Letta's FileStats. */
    public record File(String fileId, String fileName, Long fileSize) {
    }
}
