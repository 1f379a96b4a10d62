package dev.engram.memory.archive;

import dev.engram.memory.passage.PassageView;

/** One passage found across archives, with its relevance (0 when listed without a query). */
public record PassageSearchHit(PassageView passage, double score) {
}
