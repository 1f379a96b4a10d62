package dev.engram.embedding.remote;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The {@code openai/*} provider: OpenAI or any server speaking its embeddings API. */
@ConfigMapping(prefix = "engram.embedding.openai")
public interface OpenAiConfig {

    /** API key (OPENAI_API_KEY); the provider is unconfigured without it. */
    Optional<String> apiKey();

    /** Base URL ending before /embeddings (OPENAI_BASE_URL). */
    @WithDefault("https://api.openai.com/v1")
    String baseUrl();
}
