package dev.engram.agent.agentfile;

import java.util.HashMap;
import java.util.Map;

/**
 * An Agent File's own ids ({@code agent-0}, {@code block-3}, {@code message-12}): numbered per prefix in the order
 * they are first asked for, the same Engram id always getting the same file id.
 */
final class FileIds {

    private final Map<String, String> byEngramId = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();

    String of(String prefix, String engramId) {
        return byEngramId.computeIfAbsent(engramId, k -> {
            int n = counters.merge(prefix, 1, Integer::sum) - 1;
            return prefix + "-" + n;
        });
    }

    /** The file id already given to an Engram id, or null. */
    String known(String engramId) {
        return byEngramId.get(engramId);
    }
}
