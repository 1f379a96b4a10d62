package dev.engram.agent.llm;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The LLM providers of this deployment, chosen by the first part of a model handle ({@code openai/gpt-4o-mini}).
 * Clients are built on first use of a handle and kept. Everything is decided by {@link LlmConfig}, so a provider
 * without credentials is a clear 400 naming the variable to set, never a hang.
 */
@ApplicationScoped
public class LlmProviders implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LlmProviders.class);

    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private final ConcurrentMap<String, LlmClient> clients = new ConcurrentHashMap<>();
    private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpJson http;
    private final Uni<List<ModelInfo>> models;

    public LlmProviders(LlmConfig config) {
        // LangChain4j's chat models block for the whole call: virtual threads keep that cheap
        CallPolicy policy = new CallPolicy(config.timeout(), config.maxRetries(), config.retryBackoff(), blocking);
        this.http = new HttpJson(config.connectTimeout(), config.listTimeout());
        for (Provider provider : List.of(
                new OpenAiProvider(config.openai(), policy, http),
                new AnthropicProvider(config.anthropic(), config.connectTimeout(), policy, http),
                new OllamaProvider(config.ollama(), config.connectTimeout(), policy, http))) {
            providers.put(provider.name(), provider);
        }
        this.models = Uni.createFrom().deferred(this::listAll).memoize().forFixedDuration(config.listCacheTtl());
    }

    /**
     * The client for a handle.
     *
     * @throws LlmException {@link LlmException.Kind#BAD_REQUEST} for a malformed handle or an unknown provider,
     *                      {@link LlmException.Kind#NOT_CONFIGURED} for a provider this deployment cannot reach
     */
    public LlmClient client(String handle) {
        ModelHandle parsed = ModelHandle.parse(handle);
        Provider provider = configured(parsed.provider());
        return clients.computeIfAbsent(parsed.toString(), h -> provider.client(parsed.model()));
    }

    /** What is known of a handle's model (context window, output limit, ...), configured or not. */
    public ModelInfo info(String handle) {
        ModelHandle parsed = ModelHandle.parse(handle);
        return known(parsed.provider()).info(parsed.model());
    }

    /**
     * The models the configured providers offer, reused for {@link LlmConfig#listCacheTtl()}. A provider that cannot
     * list its models in time is left out (and logged), so the list never hangs and never fails.
     */
    public Uni<List<ModelInfo>> llmModels() {
        return models;
    }

    private Uni<List<ModelInfo>> listAll() {
        List<Uni<List<ModelInfo>>> lists = providers.values().stream()
                .filter(Provider::configured)
                .map(p -> p.listModels().onFailure().recoverWithItem(e -> {
                    LOG.warnf("provider '%s' could not list its models, leaving it out: %s", p.name(),
                            e.getMessage() != null ? e.getMessage() : e.toString());
                    return List.of();
                }))
                .toList();
        if (lists.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(lists).andFailFast()
                .map(all -> all.stream().flatMap(List::stream).toList());
    }

    private Provider known(String name) {
        Provider provider = providers.get(name);
        if (provider == null) {
            throw new LlmException(LlmException.Kind.BAD_REQUEST, "Unknown provider '" + name + "' (known: "
                    + String.join(", ", providers.keySet()) + ")");
        }
        return provider;
    }

    private Provider configured(String name) {
        Provider provider = known(name);
        if (!provider.configured()) {
            throw new LlmException(LlmException.Kind.NOT_CONFIGURED,
                    "Provider '" + name + "' is not configured: " + provider.setupHint());
        }
        return provider;
    }

    /** Takes no new calls; calls under way end on their own timeouts. */
    @PreDestroy
    @Override
    public void close() {
        blocking.shutdown();
        http.close();
    }
}
