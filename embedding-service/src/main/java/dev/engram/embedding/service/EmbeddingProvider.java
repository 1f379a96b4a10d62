package dev.engram.embedding.service;

import java.util.List;

/** A family of models behind one handle prefix ({@code local}, {@code openai}, {@code ollama}). */
public interface EmbeddingProvider {

    /** The handle prefix. */
    String name();

    /** Whether the deployment has what this provider needs (an API key, a base URL). */
    boolean configured();

    /** The environment variable an operator sets to configure this provider. */
    String configurationVariable();

    /** The models to list in {@code GET /v1/models} when configured. */
    List<ModelInfo> models();

    /**
     * The embedder serving {@code name}.
     *
     * @throws EmbeddingFailure 400 when this provider does not serve that model
     */
    Embedder embedder(String name);
}
