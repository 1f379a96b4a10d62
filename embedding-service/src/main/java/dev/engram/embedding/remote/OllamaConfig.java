package dev.engram.embedding.remote;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** The {@code ollama/*} provider. */
@ConfigMapping(prefix = "engram.embedding.ollama")
public interface OllamaConfig {

    /** Ollama server URL, e.g. http://localhost:11434 (OLLAMA_BASE_URL); the provider is unconfigured without it. */
    Optional<String> baseUrl();

    /** Models listed by GET /v1/models; any other pulled model can still be named in a request. */
    @WithDefault("nomic-embed-text")
    List<String> models();
}
