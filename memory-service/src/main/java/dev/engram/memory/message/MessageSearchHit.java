package dev.engram.memory.message;

/**
 * One message found by a search.
 *
 * @param ftsRank      the full-text rank (cover density), null when the search had no query
 * @param embeddedText the text the search looked at
 */
public record MessageSearchHit(MessageData message, Double ftsRank, String embeddedText) {
}
