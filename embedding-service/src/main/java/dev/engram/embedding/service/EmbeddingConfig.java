package dev.engram.embedding.service;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Service-wide settings; the provider, batching and cache settings live beside their code. */
@ConfigMapping(prefix = "engram.embedding")
public interface EmbeddingConfig {

    /** Handle used when a request names no model (set by LETTA_DEFAULT_EMBEDDING_HANDLE). */
    @WithDefault("local/all-minilm-l6-v2-q")
    String defaultModel();

    /** Request size limits. */
    Limits limits();

    interface Limits {

        /** Most inputs one request may carry; more is answered with 413. */
        @WithDefault("2048")
        int maxInputs();

        /** Largest request body accepted; a bigger one is answered with 413. */
        @WithDefault("16M")
        MemorySize maxBodySize();
    }
}
