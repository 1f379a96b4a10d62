package dev.engram.agent.tool;

/** Letta's ToolSearchResult: the tool, the text it was matched on, and its rank in each search. */
public record ToolSearchResult(ToolView tool, String embeddedText, Integer ftsRank, Integer vectorRank, double combinedScore) {
}
