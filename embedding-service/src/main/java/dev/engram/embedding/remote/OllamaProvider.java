package dev.engram.embedding.remote;

import dev.engram.embedding.service.Embedder;
import dev.engram.embedding.service.EmbeddingProvider;
import dev.engram.embedding.service.ModelHandle;
import dev.engram.embedding.service.ModelInfo;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code ollama/*} models. Ollama fits inputs to the model's context itself; LangChain4j does not pass on
 * Ollama's token count, so usage reports 0 tokens for these models.
 */
@ApplicationScoped
public class OllamaProvider implements EmbeddingProvider {

    /** Sizes of common Ollama embedding models, for the listing; others are listed without one. */
    private static final Map<String, Integer> KNOWN_DIMENSIONS = Map.of(
            "nomic-embed-text", 768,
            "mxbai-embed-large", 1024,
            "all-minilm", 384,
            "snowflake-arctic-embed", 1024,
            "bge-m3", 1024);

    private final OllamaConfig config;
    private final RemoteConfig remote;
    private final Map<String, RemoteEmbedder> embedders = new ConcurrentHashMap<>();

    public OllamaProvider(OllamaConfig config, RemoteConfig remote) {
        this.config = config;
        this.remote = remote;
    }

    @Override
    public String name() {
        return "ollama";
    }

    @Override
    public boolean configured() {
        return config.baseUrl().isPresent();
    }

    @Override
    public String configurationVariable() {
        return "OLLAMA_BASE_URL";
    }

    @Override
    public List<ModelInfo> models() {
        return config.models().stream().map(this::info).toList();
    }

    @Override
    public Embedder embedder(String name) {
        return embedders.computeIfAbsent(name, this::create);
    }

    private ModelInfo info(String name) {
        return new ModelInfo(new ModelHandle(name(), name), KNOWN_DIMENSIONS.get(name.replace(":latest", "")), null, true);
    }

    private RemoteEmbedder create(String name) {
        String baseUrl = config.baseUrl().orElseThrow();
        return new RemoteEmbedder(info(name), dimensions -> OllamaEmbeddingModel.builder()
                .httpClientBuilder(OpenAiProvider.httpClient())
                .baseUrl(baseUrl)
                .modelName(name)
                .dimensions(dimensions)
                .timeout(remote.timeout())
                .maxRetries(0) // RemoteCallGuard owns retries
                .build(), remote, null);
    }
}
