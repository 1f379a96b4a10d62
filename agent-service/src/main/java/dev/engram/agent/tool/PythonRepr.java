package dev.engram.agent.tool;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Values written as Python's {@code str()} writes them ({@code {'agent_id': 'agent-1', 'response': ['Hi']}}): Letta's
 * multi-agent tools return their results that way, and models and clients parse them as such.
 */
final class PythonRepr {

    private PythonRepr() {
    }

    /** Strings, lists and maps (in their iteration order), nested as deep as they are. */
    static String of(Object value) {
        return switch (value) {
            case null -> "None";
            case String s -> string(s);
            case Map<?, ?> m -> m.entrySet().stream().map(e -> of(e.getKey()) + ": " + of(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
            case List<?> l -> l.stream().map(PythonRepr::of).collect(Collectors.joining(", ", "[", "]"));
            case Boolean b -> b ? "True" : "False";
            default -> value.toString();
        };
    }

    /** Single quotes unless the text holds one and no double quote; control characters escaped. */
    static String string(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append(quote).toString();
    }
}
