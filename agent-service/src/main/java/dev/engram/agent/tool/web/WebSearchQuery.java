package dev.engram.agent.tool.web;

import java.util.List;

/**
 * One web_search call, as the model made it (Letta's parameters).
 *
 * @param numResults      1 to 100
 * @param category        one of Exa's categories ("news", "research paper", ...), or null
 * @param includeText     whether each result carries the page's full text, not only highlights and a summary
 * @param includeDomains  null or the only domains to search
 * @param excludeDomains  null or domains to leave out
 * @param startPublishedDate ISO date: only content published after it, or null
 * @param endPublishedDate   ISO date: only content published before it, or null
 * @param userLocation    two-letter country code for localized results, or null
 */
public record WebSearchQuery(String query, int numResults, String category, boolean includeText, List<String> includeDomains,
                             List<String> excludeDomains, String startPublishedDate, String endPublishedDate, String userLocation) {
}
