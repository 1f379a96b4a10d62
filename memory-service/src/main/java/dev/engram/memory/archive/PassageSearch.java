package dev.engram.memory.archive;

import java.util.List;

/**
 * Letta's search across archives: of the agent's archives when {@code agentId} is given, else of one archive, else of
 * every archive of the organization.
 *
 * @param limit at most this many results (1..100, default 50)
 */
public record PassageSearch(String query, String agentId, String archiveId, List<String> tags, String tagMatchMode,
                            Integer limit, String startDate, String endDate) {

    public static final int DEFAULT_LIMIT = 50;
}
