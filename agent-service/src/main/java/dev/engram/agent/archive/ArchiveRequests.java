package dev.engram.agent.archive;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** Letta's request bodies of the archive routes. */
public final class ArchiveRequests {

    private ArchiveRequests() {
    }

    /** {@code embedding} is the model handle; the deprecated {@code embedding_config} is read for its handle. */
    public record CreateArchive(String name, JsonNode embeddingConfig, String embedding, String description) {
    }

    public record UpdateArchive(String name, String description) {
    }

    /** {@code created_at}: ISO 8601, the passage's own time (default now). */
    public record CreatePassage(String text, Map<String, Object> metadata, List<String> tags, String createdAt) {
    }

    public record CreatePassages(List<CreatePassage> passages) {
    }

    /** Letta's PassageSearchRequest: an agent's archives, one archive, or all of the organization's. */
    public record SearchPassages(String query, String agentId, String archiveId, List<String> tags, String tagMatchMode,
                                 Integer limit, String startDate, String endDate) {
    }

    /** Letta's PassageSearchResult. */
    public record SearchHit(dev.engram.agent.agent.PassageView passage, double score, Map<String, Object> metadata) {
    }
}
