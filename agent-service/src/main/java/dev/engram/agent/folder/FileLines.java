package dev.engram.agent.folder;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A file's text as the numbered lines (or sentences) the file tools show: {@code N: text}, under a
 * {@code [Viewing ...]} header when asked, as Letta's line chunker renders them.
 */
public final class FileLines {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z])");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern LINE_BREAK = Pattern.compile("\\r\\n|[\\n\\r\\u000b\\u000c\\u001c\\u001d\\u001e\\u0085\\u2028\\u2029]");

    private FileLines() {
    }

    /** The units of the text: lines, or sentences for prose. */
    public static List<String> units(String text, FileTypes.Lines kind) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        if (kind == FileTypes.Lines.SENTENCES) {
            for (String s : SENTENCE_END.split(text.strip())) {
                String clean = SPACES.matcher(s.strip()).replaceAll(" ");
                if (!clean.isEmpty()) {
                    out.add(clean);
                }
            }
            return out;
        }
        for (String line : LINE_BREAK.split(text)) {
            String l = kind == FileTypes.Lines.CODE ? line.stripTrailing() : line.strip();
            if (!l.isEmpty()) {
                out.add(l);
            }
        }
        return out;
    }

    public static String unitName(FileTypes.Lines kind) {
        return kind == FileTypes.Lines.SENTENCES ? "sentences" : "lines";
    }

    /**
     * Numbered units from {@code start} (0-based, inclusive) to {@code end} (exclusive), either null for the whole
     * file, with the header. A start beyond the file is an error the model sees.
     */
    public static List<String> view(String fileName, String text, FileTypes.Lines kind, Integer start, Integer end) {
        List<String> units = units(text, kind);
        if (units.isEmpty()) {
            return List.of();
        }
        int total = units.size();
        String unit = unitName(kind);
        int from = 0;
        int to = total;
        if (start != null || end != null) {
            if (start != null && end != null && start >= end) {
                throw new IllegalArgumentException("Invalid range: start (" + start + ") must be less than end (" + end + ")");
            }
            if (start != null && start >= total) {
                throw new IllegalArgumentException("File " + fileName + " has only " + total + " " + unit + ", but requested offset "
                        + (start + 1) + " is out of range");
            }
            from = start == null ? 0 : Math.max(0, start);
            to = end == null ? total : Math.min(end, total);
        }
        List<String> out = new ArrayList<>();
        if (start != null && end != null) {
            out.add("[Viewing " + unit + " " + (start + 1) + " to " + end + " (out of " + total + " " + unit + ")]");
        } else if (start != null) {
            out.add("[Viewing " + unit + " " + (start + 1) + " to end (out of " + total + " " + unit + ")]");
        } else {
            out.add("[Viewing file start (out of " + total + " " + unit + ")]");
        }
        for (int i = from; i < to; i++) {
            out.add((i + 1) + ": " + units.get(i));
        }
        return out;
    }
}
