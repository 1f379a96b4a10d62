package dev.engram.agent.llm;

import java.util.Comparator;
import java.util.List;

/**
 * Context windows and output limits of well-known models, matched by the longest name prefix, so that dated
 * snapshots ({@code gpt-4o-mini-2024-07-18}) inherit their family's limits.
 */
final class KnownModels {

    /** Letta's DEFAULT_CONTEXT_WINDOW, assumed for any model not listed here. */
    static final int DEFAULT_CONTEXT_WINDOW = 128_000;

    record Limits(int contextWindow, Integer maxOutputTokens, boolean reasoning) {
    }

    private record Entry(String prefix, Limits limits) {
    }

    private static final List<Entry> OPENAI = sorted(List.of(
            entry("gpt-5", 400_000, 128_000, true),
            entry("gpt-4.1", 1_047_576, 32_768, false),
            entry("gpt-4o", 128_000, 16_384, false),
            entry("chatgpt-4o", 128_000, 16_384, false),
            entry("gpt-4-turbo", 128_000, 4_096, false),
            entry("gpt-4", 8_192, 8_192, false),
            entry("gpt-3.5-turbo", 16_385, 4_096, false),
            entry("o1-mini", 128_000, 65_536, true),
            entry("o1", 200_000, 100_000, true),
            entry("o3", 200_000, 100_000, true),
            entry("o4-mini", 200_000, 100_000, true)));

    private static final List<Entry> ANTHROPIC = sorted(List.of(
            entry("claude-opus-4", 200_000, 32_000, false),
            entry("claude-sonnet-4", 200_000, 64_000, false),
            entry("claude-haiku-4", 200_000, 64_000, false),
            entry("claude-3-7-sonnet", 200_000, 64_000, false),
            entry("claude-3-5-sonnet", 200_000, 8_192, false),
            entry("claude-3-5-haiku", 200_000, 8_192, false),
            entry("claude-3", 200_000, 4_096, false),
            entry("claude", 200_000, 8_192, false)));

    private KnownModels() {
    }

    static Limits openAi(String model) {
        return lookup(OPENAI, model, new Limits(DEFAULT_CONTEXT_WINDOW, null, false));
    }

    static Limits anthropic(String model) {
        return lookup(ANTHROPIC, model, new Limits(200_000, null, false));
    }

    private static Limits lookup(List<Entry> table, String model, Limits fallback) {
        // names on OpenAI-compatible servers may carry an organisation prefix ("openai/gpt-4o" on a router)
        String name = model.substring(model.lastIndexOf('/') + 1);
        return table.stream().filter(e -> name.startsWith(e.prefix())).findFirst().map(Entry::limits).orElse(fallback);
    }

    private static Entry entry(String prefix, int contextWindow, int maxOutputTokens, boolean reasoning) {
        return new Entry(prefix, new Limits(contextWindow, maxOutputTokens, reasoning));
    }

    private static List<Entry> sorted(List<Entry> entries) {
        return entries.stream().sorted(Comparator.comparingInt((Entry e) -> e.prefix().length()).reversed()).toList();
    }
}
