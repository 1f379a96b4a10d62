package dev.engram.agent.tool.file;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.folder.AgentFolders;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.memory.SourcePassages;
import dev.engram.agent.tool.Args;
import dev.engram.agent.tool.Schemas;
import dev.engram.agent.tool.Tool;
import dev.engram.agent.tool.ToolCallContext;
import dev.engram.agent.tool.ToolFailure;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Searches the chunks of the agent's folders by meaning and keywords (memory-service's hybrid index, as archival
 * search) and shows the best passages grouped by file.
 */
@ApplicationScoped
public class SemanticSearchFiles implements Tool {

    public static final String NAME = "semantic_search_files";
    static final int MAX_RESULTS = 50;
    static final int LINES_PER_PASSAGE = 20;

    private final AgentFolders folders;
    private final SourcePassages passages;

    public SemanticSearchFiles(AgentFolders folders, SourcePassages passages) {
        this.folders = folders;
        this.passages = passages;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String type() {
        return FileTools.TYPE;
    }

    @Override
    public String description() {
        return "Search your files by meaning rather than exact words: finds the passages most related to the query across "
                + "all your directories, grouped by file.";
    }

    @Override
    public ObjectNode parameters() {
        return Schemas.object()
                .string("query", "What to look for, in natural language.", true)
                .integer("limit", "How many passages at most (default 5).", false)
                .build();
    }

    @Override
    public boolean exemptFromTruncation() {
        return true;
    }

    record Hit(String fileId, String text, double score) {
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        Args a = new Args(NAME, call.arguments());
        String raw = a.string("query");
        if (raw.isBlank()) {
            throw ToolFailure.valueError("Empty search query provided");
        }
        String query = raw.strip();
        Integer limitArg = a.optionalInt("limit");
        int limit = Math.max(1, Math.min(limitArg == null ? 5 : limitArg, MAX_RESULTS));
        return folders.folderEmbeddings(call.actor(), call.agentId()).chain(byFolder -> {
            List<Uni<List<Hit>>> searches = new ArrayList<>();
            byFolder.forEach((folderId, handle) -> {
                MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
                q.putSingle("query", query);
                q.putSingle("top_k", String.valueOf(limit));
                if (handle != null) {
                    q.putSingle("embedding_handle", handle);
                }
                searches.add(passages.search(call.actor(), folderId, q).map(SemanticSearchFiles::hits));
            });
            Uni<List<Hit>> all = searches.isEmpty() ? Uni.createFrom().item(List.of())
                    : Uni.join().all(searches).andFailFast().map(lists -> lists.stream().flatMap(List::stream)
                    .sorted(Comparator.comparingDouble(Hit::score).reversed()).limit(limit).toList());
            return all.chain(hits -> folders.readable(call.actor(), call.agentId()).chain(files -> {
                Map<String, String> names = new LinkedHashMap<>();
                files.forEach(f -> names.put(f.fileId(), f.fileName()));
                Map<String, List<Hit>> byFile = new LinkedHashMap<>();
                for (Hit h : hits) {
                    byFile.computeIfAbsent(names.getOrDefault(h.fileId(), "Unknown File"), k -> new ArrayList<>()).add(h);
                }
                List<String> matched = byFile.keySet().stream().filter(n -> !n.equals("Unknown File")).toList();
                return folders.markAccessed(call.agentId(), matched).replaceWith(render(query, byFile));
            }));
        });
    }

    private static List<Hit> hits(MemoryRecords.SearchResult result) {
        return result.results().stream()
                .map(h -> new Hit(h.tags() == null || h.tags().isEmpty() ? null : h.tags().getFirst(), h.content(), h.relevance()))
                .toList();
    }

    static String render(String query, Map<String, List<Hit>> byFile) {
        if (byFile.isEmpty()) {
            return "No semantic matches found for query: '" + query + "'";
        }
        List<String> results = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, List<Hit>> e : byFile.entrySet()) {
            for (Hit h : e.getValue()) {
                n++;
                List<String> lines = h.text().strip().lines().toList();
                StringBuilder s = new StringBuilder("\n=== ").append(e.getKey()).append(" (passage #").append(n).append(") ===");
                for (String line : lines.subList(0, Math.min(LINES_PER_PASSAGE, lines.size()))) {
                    s.append("\n  ").append(line);
                }
                if (lines.size() > LINES_PER_PASSAGE) {
                    s.append("\n  ... [truncated ").append(lines.size() - LINES_PER_PASSAGE).append(" more lines]");
                }
                results.add(s.toString());
            }
        }
        int files = byFile.size();
        String summary = "Found " + n + " semantic matches in " + files + " file" + (files != 1 ? "s" : "") + " for query: '" + query + "'";
        List<String> out = new ArrayList<>();
        out.add(summary);
        out.add("=".repeat(summary.length()));
        out.addAll(results);
        return String.join("\n", out);
    }
}
