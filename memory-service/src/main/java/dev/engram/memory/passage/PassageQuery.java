package dev.engram.memory.passage;

import dev.engram.memory.index.FusionMode;
import dev.engram.memory.index.SearchMode;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** A validated archival search. */
public record PassageQuery(String query, int topK, List<String> tags, boolean tagMatchAll, Instant start, Instant end,
                           SearchMode mode, FusionMode fusion, String embeddingHandle, ZoneId zone) {

    /** Letta's default page size for retrieval tools. */
    public static final int DEFAULT_TOP_K = 5;
}
