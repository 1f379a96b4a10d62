package dev.engram.agent.tool.web;

import java.util.List;

/** One search result; every field but the URL may be null (text only when the query asked for it). */
public record WebSearchHit(String title, String url, String publishedDate, String author, String text, List<String> highlights,
                           String summary) {
}
