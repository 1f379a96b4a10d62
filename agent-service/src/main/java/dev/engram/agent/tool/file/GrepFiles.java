package dev.engram.agent.tool.file;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.folder.AgentFolders;
import dev.engram.agent.folder.FileLines;
import dev.engram.agent.tool.Args;
import dev.engram.agent.tool.Schemas;
import dev.engram.agent.tool.Tool;
import dev.engram.agent.tool.ToolCallContext;
import dev.engram.agent.tool.ToolFailure;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Searches the text of the agent's files for a regular expression, twenty matches a page, with context lines. */
@ApplicationScoped
public class GrepFiles implements Tool {

    public static final String NAME = "grep_files";
    static final int PAGE = 20;
    static final int MAX_COLLECTED = 1000;
    static final int MAX_PATTERN = 1000;
    private static final Pattern GLOB_REGEX_CHARS = Pattern.compile("[\\^$()\\[\\]{}\\\\+]");

    private final AgentFolders folders;

    public GrepFiles(AgentFolders folders) {
        this.folders = folders;
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
        return "Search the contents of your files for a keyword or regular expression (case-insensitive). Shows how many "
                + "matches each file has and 20 matches a page with the lines around them; pass offset to see the next page.";
    }

    @Override
    public ObjectNode parameters() {
        return Schemas.object()
                .string("pattern", "Keyword or regular expression to look for.", true)
                .string("include", "Only files whose name matches this pattern or glob (e.g. *.py).", false)
                .integer("context_lines", "Lines to show before and after each match (default 1).", false)
                .integer("offset", "Matches to skip, for the next page (e.g. 20).", false)
                .build();
    }

    @Override
    public boolean exemptFromTruncation() {
        return true;
    }

    record Match(String fileName, int line, List<String> context) {
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        Args a = new Args(NAME, call.arguments());
        String raw = a.string("pattern");
        if (raw.isBlank()) {
            throw ToolFailure.valueError("Empty search pattern provided");
        }
        String pattern = raw.strip();
        Pattern regex = compile(pattern);
        String include = a.optionalString("include");
        Pattern includeRegex = null;
        if (include != null && !include.isBlank()) {
            include = include.strip();
            String p = include;
            if (include.contains("*") && !GLOB_REGEX_CHARS.matcher(include).find()) {
                p = include.replace(".", "\\.").replace("*", ".*").replace("?", ".");
                if (!p.endsWith("$")) {
                    p += "$";
                }
            }
            includeRegex = compile(p);
        }
        Integer contextArg = a.optionalInt("context_lines");
        int context = contextArg == null ? 1 : Math.max(0, contextArg);
        Integer offsetArg = a.optionalInt("offset");
        int offset = offsetArg == null || offsetArg < 0 ? 0 : offsetArg;
        Pattern files = includeRegex;
        String includeShown = include;
        return folders.readable(call.actor(), call.agentId()).chain(all -> {
            if (all.isEmpty()) {
                return Uni.createFrom().item("No files are currently attached to search");
            }
            List<AgentFolders.ReadableFile> searched = files == null ? all
                    : all.stream().filter(f -> files.matcher(f.fileName()).find()).toList();
            if (searched.isEmpty()) {
                return Uni.createFrom().item("No files match the filename pattern '" + includeShown + "' (filtered " + all.size() + " files)");
            }
            List<Match> matches = new ArrayList<>();
            Set<String> withMatches = new LinkedHashSet<>();
            for (AgentFolders.ReadableFile f : searched) {
                List<String> lines = FileLines.view(f.fileName(), f.content(), f.lines(), null, null);
                List<String> numbered = lines.isEmpty() ? lines : lines.subList(1, lines.size());
                for (int i = 0; i < numbered.size() && matches.size() < MAX_COLLECTED; i++) {
                    String line = numbered.get(i);
                    int colon = line.indexOf(':');
                    String content = line.substring(colon + 1).strip();
                    if (regex.matcher(content).find()) {
                        withMatches.add(f.fileName());
                        List<String> ctx = new ArrayList<>();
                        for (int j = Math.max(0, i - context); j < Math.min(numbered.size(), i + context + 1); j++) {
                            ctx.add((j == i ? ">" : " ") + " " + numbered.get(j));
                        }
                        matches.add(new Match(f.fileName(), Integer.parseInt(line.substring(0, colon).strip()), ctx));
                    }
                }
                if (matches.size() >= MAX_COLLECTED) {
                    break;
                }
            }
            return folders.markAccessed(call.agentId(), withMatches).replaceWith(render(pattern, includeShown, matches, withMatches, offset));
        });
    }

    static String render(String pattern, String include, List<Match> matches, Set<String> withMatches, int offset) {
        int total = matches.size();
        if (total == 0) {
            return "No matches found for pattern: '" + pattern + "'" + (include != null && !include.isBlank() ? " in files matching '" + include + "'" : "");
        }
        int end = offset + PAGE;
        boolean capped = total >= MAX_COLLECTED;
        List<String> out = new ArrayList<>();
        String shown = (offset + 1) + "-" + Math.min(end, total);
        out.add(capped
                ? "Found " + MAX_COLLECTED + "+ total matches across " + withMatches.size() + " files (showing matches " + shown + " of " + MAX_COLLECTED + "+)"
                : "Found " + total + " total matches across " + withMatches.size() + " files (showing matches " + shown + " of " + total + ")");
        out.add("=".repeat(80));
        Map<String, Integer> perFile = new LinkedHashMap<>();
        matches.forEach(m -> perFile.merge(m.fileName(), 1, Integer::sum));
        out.add("\nFiles with matches:");
        perFile.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> out.add("  - " + e.getKey() + ": " + e.getValue() + (capped && e.getValue() >= MAX_COLLECTED ? "+" : "") + " matches"));
        out.add("");
        for (Match m : matches.subList(Math.min(offset, total), Math.min(end, total))) {
            out.add("\n=== " + m.fileName() + ":" + m.line() + " ===\n" + String.join("\n", m.context()));
        }
        out.add("");
        if (end < total) {
            out.add("To see more matches, call: grep_files(pattern=\"" + pattern + "\", offset=" + end + ")");
            if (capped) {
                out.add("Note: Only the first " + MAX_COLLECTED + " matches were collected. There may be more matches beyond this limit.");
            }
        } else {
            out.add(capped ? "Showing last page of collected matches. There may be more matches beyond the collection limit."
                    : "No more matches to show.");
        }
        return String.join("\n", out);
    }

    private static Pattern compile(String pattern) {
        if (pattern.length() > MAX_PATTERN) {
            throw ToolFailure.valueError("Pattern too complex: " + pattern.length() + " chars > " + MAX_PATTERN + " limit");
        }
        try {
            return Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            throw ToolFailure.valueError("Invalid regex pattern: " + e.getDescription());
        }
    }
}
