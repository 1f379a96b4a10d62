package dev.engram.agent.llm;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A provider an organization added with its own key (Letta's BYOK provider, category {@code byok}): its handles are
 * {@code <name>/<model>}, answered with its key at its URL. The types Engram can speak: OpenAI's API and the servers
 * compatible with it (with their default URLs), Anthropic, Ollama.
 */
public record ByokProvider(String id, String organizationId, String name, String type, String apiKey, String baseUrl, Instant updatedAt) {

    /** OpenAI-compatible types and their public endpoints; empty: the type needs a base_url. */
    private static final Map<String, String> OPENAI_COMPATIBLE = Map.ofEntries(
            Map.entry("openai", OpenAiProvider.DEFAULT_BASE_URL),
            Map.entry("deepseek", "https://api.deepseek.com/v1"),
            Map.entry("groq", "https://api.groq.com/openai/v1"),
            Map.entry("together", "https://api.together.xyz/v1"),
            Map.entry("fireworks", "https://api.fireworks.ai/inference/v1"),
            Map.entry("openrouter", "https://openrouter.ai/api/v1"),
            Map.entry("xai", "https://api.x.ai/v1"),
            Map.entry("mistral", "https://api.mistral.ai/v1"),
            Map.entry("cerebras", "https://api.cerebras.ai/v1"),
            Map.entry("vllm", ""),
            Map.entry("lmstudio_openai", ""),
            Map.entry("sglang", ""));
    private static final String ANTHROPIC_URL = "https://api.anthropic.com/v1";

    /** Every type Engram serves, in a stable order (for the 422 of another one). */
    public static final List<String> TYPES = List.of("openai", "anthropic", "ollama", "deepseek", "groq", "together", "fireworks",
            "openrouter", "xai", "mistral", "cerebras", "vllm", "lmstudio_openai", "sglang");

    /** Names a provider of an organization cannot take: the deployment's own providers'. */
    public static final List<String> RESERVED_NAMES = List.of("openai", "anthropic", "ollama", "local", "letta");

    public static boolean supported(String type) {
        return TYPES.contains(type);
    }

    /** Whether the type has no public endpoint, so that a base_url is required. */
    public static boolean needsBaseUrl(String type) {
        return "ollama".equals(type) || "".equals(OPENAI_COMPATIBLE.get(type));
    }

    /** Its identity and last change: a client made for one version is never used for the next. */
    String version() {
        return id + "@" + updatedAt;
    }

    /** The URL calls go to: the provider's own, else its type's public endpoint. */
    String url() {
        if (baseUrl != null && !baseUrl.isBlank()) {
            return baseUrl;
        }
        return "anthropic".equals(type) ? ANTHROPIC_URL : OPENAI_COMPATIBLE.getOrDefault(type, "");
    }

    /** The provider client speaking this type, named as the organization named it. */
    Provider provider(LlmConfig base, CallPolicy policy, HttpJson http) {
        Provider.Label label = new Provider.Label(name, "byok");
        Optional<String> key = Optional.ofNullable(apiKey).filter(k -> !k.isBlank());
        String url = url();
        return switch (type) {
            case "anthropic" -> new AnthropicProvider(label, new LlmConfig.Anthropic() {
                public Optional<String> apiKey() {
                    return key;
                }

                public String baseUrl() {
                    return url;
                }

                public int defaultMaxTokens() {
                    return base.anthropic().defaultMaxTokens();
                }
            }, base.connectTimeout(), policy, http);
            case "ollama" -> new OllamaProvider(label, new LlmConfig.Ollama() {
                public Optional<String> baseUrl() {
                    return Optional.of(url);
                }

                public int contextWindow() {
                    return base.ollama().contextWindow();
                }
            }, base.connectTimeout(), policy, http);
            default -> new OpenAiProvider(label, new LlmConfig.OpenAi() {
                public Optional<String> apiKey() {
                    return key;
                }

                public String baseUrl() {
                    return url;
                }
            }, policy, http);
        };
    }
}
