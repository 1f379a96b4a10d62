package dev.engram.embedding.remote;

import dev.engram.embedding.service.Embedder;
import dev.engram.embedding.service.EmbeddingProvider;
import dev.engram.embedding.service.ModelHandle;
import dev.engram.embedding.service.ModelInfo;
import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModelName;
import dev.langchain4j.model.openai.OpenAiTokenCountEstimator;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpClient;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The {@code openai/*} models: OpenAI itself or any OpenAI-compatible server at OPENAI_BASE_URL. */
@ApplicationScoped
public class OpenAiProvider implements EmbeddingProvider {

    /** OpenAI's input limit for all of its embedding models. */
    static final int OPENAI_MAX_INPUT_TOKENS = 8191;

    private final OpenAiConfig config;
    private final RemoteConfig remote;
    private final Map<String, RemoteEmbedder> embedders = new ConcurrentHashMap<>();

    public OpenAiProvider(OpenAiConfig config, RemoteConfig remote) {
        this.config = config;
        this.remote = remote;
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public boolean configured() {
        return config.apiKey().isPresent();
    }

    @Override
    public String configurationVariable() {
        return "OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than OpenAI)";
    }

    @Override
    public List<ModelInfo> models() {
        return Arrays.stream(OpenAiEmbeddingModelName.values()).map(m -> info(m.toString())).toList();
    }

    @Override
    public Embedder embedder(String name) {
        return embedders.computeIfAbsent(name, this::create);
    }

    /** OpenAI's own models are known (size, window, tokenizer); any other name is passed through to the server. */
    private ModelInfo info(String name) {
        Integer dim = OpenAiEmbeddingModelName.knownDimension(name);
        ModelHandle handle = new ModelHandle(name(), name);
        if (dim == null) {
            return new ModelInfo(handle, null, null, true);
        }
        return new ModelInfo(handle, dim, OPENAI_MAX_INPUT_TOKENS, name.startsWith("text-embedding-3"));
    }

    private RemoteEmbedder create(String name) {
        ModelInfo info = info(name);
        RemoteEmbedder.Tokenizer tokenizer = null;
        if (info.embeddingDim() != null) {
            OpenAiTokenCountEstimator estimator = new OpenAiTokenCountEstimator(name);
            tokenizer = new RemoteEmbedder.Tokenizer() {
                @Override
                public int count(String text) {
                    return estimator.estimateTokenCountInText(text);
                }

                @Override
                public String cut(String text, int maxTokens) {
                    return estimator.decode(estimator.encode(text, maxTokens));
                }
            };
        }
        String key = config.apiKey().orElseThrow();
        return new RemoteEmbedder(info, dimensions -> OpenAiEmbeddingModel.builder()
                .httpClientBuilder(httpClient())
                .baseUrl(config.baseUrl())
                .apiKey(key)
                .modelName(name)
                .dimensions(dimensions)
                .timeout(remote.timeout())
                .maxRetries(0) // RemoteCallGuard owns retries
                .build(), remote, tokenizer);
    }

    /** HTTP/1.1: some OpenAI-compatible servers mishandle the h2c upgrade the JDK client tries on plain http. */
    static JdkHttpClientBuilder httpClient() {
        return new JdkHttpClientBuilder().httpClientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1));
    }
}
