package dev.engram.memory.block;

import dev.engram.memory.web.ApiException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text operations of Letta's memory tools, as pure functions from the current value to the new one.
 * Failures carry Letta's exact error strings (they reach the model as tool errors).
 */
final class BlockEdits {

    static final String READ_ONLY_ERROR = "Error This block is read-only and cannot be edited.";
    static final String LINE_NUMBER_WARNING = "# NOTE: Line numbers shown below (with arrows like '1→') are to help during editing. "
            + "Do NOT include line number prefixes in your memory edit tool calls.";
    private static final Pattern LINE_NUMBER_PREFIX = Pattern.compile("^[ \\t]*\\d+→[ \\t]*", Pattern.MULTILINE);

    private BlockEdits() {
    }

    /** {@code core_memory_append}: the content on a new line. */
    static String append(String current, String content) {
        return current + "\n" + content;
    }

    /** {@code core_memory_replace}: every occurrence; an empty replacement deletes. */
    static String replaceAll(String label, String current, String oldContent, String newContent) {
        if (oldContent.isEmpty()) {
            throw ApiException.badRequest("old_content must not be empty");
        }
        if (!current.contains(oldContent)) {
            throw ApiException.badRequest("Old content '" + oldContent + "' not found in memory block '" + label + "'");
        }
        return current.replace(oldContent, newContent);
    }

    /** {@code memory_replace}: exactly one occurrence, no line-number artefacts, tabs expanded. */
    static String replaceUnique(String label, String current, String oldString, String newString) {
        rejectLineNumbers("old_string", oldString, true);
        rejectLineNumbers("new_string", newString, false);
        String old = expandTabs(oldString);
        String replacement = expandTabs(newString);
        String value = expandTabs(current);
        if (old.isEmpty()) {
            throw ApiException.badRequest("No replacement was performed, old_string `` did not appear verbatim in memory block with label `"
                    + label + "`.");
        }
        int occurrences = count(value, old);
        if (occurrences == 0) {
            throw ApiException.badRequest("No replacement was performed, old_string `" + old
                    + "` did not appear verbatim in memory block with label `" + label + "`.");
        }
        if (occurrences > 1) {
            List<Integer> lines = new ArrayList<>();
            String[] valueLines = value.split("\n", -1);
            for (int i = 0; i < valueLines.length; i++) {
                if (valueLines[i].contains(old)) {
                    lines.add(i + 1);
                }
            }
            throw ApiException.badRequest("No replacement was performed. Multiple occurrences of old_string `" + old + "` in lines "
                    + pythonList(lines) + ". Please ensure it is unique.");
        }
        return value.replace(old, replacement);
    }

    /** {@code memory_insert}: the text as lines after line {@code insertLine} (0 = top, -1 = end). */
    static String insert(String current, String newString, int insertLine) {
        rejectLineNumbers("new_string", newString, true);
        String value = expandTabs(current);
        List<String> lines = new ArrayList<>(Arrays.asList(value.split("\n", -1)));
        int n = lines.size();
        int at = insertLine;
        if (at == -1) {
            at = n;
        } else if (at < 0 || at > n) {
            throw ApiException.badRequest("Invalid `insert_line` parameter: " + insertLine
                    + ". It should be within the range of lines of the memory block: [0, " + n
                    + "], or -1 to append to the end of the memory block.");
        }
        lines.addAll(at, Arrays.asList(expandTabs(newString).split("\n", -1)));
        return String.join("\n", lines);
    }

    /** {@code memory_rethink}: the whole new value. */
    static String rethink(String newMemory) {
        rejectLineNumbers("new_memory", newMemory, true);
        return newMemory;
    }

    private static void rejectLineNumbers(String field, String text, boolean checkWarning) {
        if (LINE_NUMBER_PREFIX.matcher(text).find()) {
            throw ApiException.badRequest(field + " contains a line number prefix, which is not allowed. Do not include line numbers "
                    + "when calling memory tools (line numbers are for display purposes only).");
        }
        if (checkWarning && text.contains(LINE_NUMBER_WARNING)) {
            throw ApiException.badRequest(field + " contains a line number warning, which is not allowed. Do not include line number "
                    + "information when calling memory tools (line numbers are for display purposes only).");
        }
    }

    /** Python's {@code str.count}: non-overlapping occurrences. */
    static int count(String haystack, String needle) {
        int count = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
            count++;
        }
        return count;
    }

    /** Python's {@code str.expandtabs()}: tab stops every 8 columns, the column restarting at each newline. */
    static String expandTabs(String s) {
        if (s.indexOf('\t') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        int column = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t') {
                int spaces = 8 - (column % 8);
                out.append(" ".repeat(spaces));
                column += spaces;
            } else {
                out.append(c);
                column = c == '\n' || c == '\r' ? 0 : column + 1;
            }
        }
        return out.toString();
    }

    private static String pythonList(List<Integer> values) {
        return values.toString();
    }

    /** Python's {@code len}: code points, not UTF-16 units. */
    static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    static String stripNulls(String s) {
        return s == null ? null : s.replace("\u0000", "");
    }
}
