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
 * The LLM providers of this deployment, chosen by the first part of a model handle ({@code openai/gpt-4o-mini}), and
 * those an organization added with its own key ({@link ByokProvider}: {@code <its name>/<model>}, for that
 * organization only). Clients are built on first use of a handle and kept. The deployment's providers are decided by
 * {@link LlmConfig}, so a provider without credentials is a clear 400 naming the variable to set, never a hang.
 */
@ApplicationScoped
public class LlmProviders implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LlmProviders.class);

    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private final ConcurrentMap<String, LlmClient> clients = new ConcurrentHashMap<>();
    private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpJson http;
    private final Uni<List<ModelInfo>> models;
    private final LlmConfig config;
    private final CallPolicy policy;
    /** The organizations' own providers (BYOK) by organization and name, as {@link #byok(List)} last set them. */
    private volatile Map<String, Map<String, ByokProvider>> byok = Map.of();
    /** The BYOK providers' clients, by {@link ByokProvider#version()}: a changed key or URL makes a new one. */
    private final ConcurrentMap<String, Provider> byokClients = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Uni<List<ModelInfo>>> byokModels = new ConcurrentHashMap<>();

    public LlmProviders(LlmConfig config) {
        this.config = config;
        // LangChain4j's chat models block for the whole call: virtual threads keep that cheap
        CallPolicy policy = new CallPolicy(config.timeout(), config.maxRetries(), config.retryBackoff(), blocking);
        this.policy = policy;
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
     * The client for a handle of the organization: a provider of this deployment, else one the organization added.
     *
     * @throws LlmException {@link LlmException.Kind#BAD_REQUEST} for a malformed handle or an unknown provider,
     *                      {@link LlmException.Kind#NOT_CONFIGURED} for a provider this deployment cannot reach
     */
    public LlmClient client(String org, String handle) {
        ModelHandle parsed = ModelHandle.parse(handle);
        ByokProvider own = own(org, parsed.provider());
        if (own != null) {
            return byokProvider(own).client(parsed.model()); // the provider (and its models) is kept, a client is cheap
        }
        Provider provider = configured(parsed.provider(), org);
        return clients.computeIfAbsent(parsed.toString(), h -> provider.client(parsed.model()));
    }

    /** What is known of a handle's model (context window, output limit, ...), configured or not. */
    public ModelInfo info(String org, String handle) {
        ModelHandle parsed = ModelHandle.parse(handle);
        ByokProvider own = own(org, parsed.provider());
        return own != null ? byokProvider(own).info(parsed.model()) : known(parsed.provider(), org).info(parsed.model());
    }

    /**
     * The models the configured providers offer, and the organization's own providers' models, each list reused for
     * {@link LlmConfig#listCacheTtl()}. A provider that cannot list its models in time is left out (and logged), so
     * the list never hangs and never fails.
     */
    public Uni<List<ModelInfo>> llmModels(String org) {
        Map<String, ByokProvider> mine = byok.getOrDefault(org, Map.of());
        if (mine.isEmpty()) {
            return models;
        }
        List<Uni<List<ModelInfo>>> lists = new java.util.ArrayList<>(List.of(models));
        for (ByokProvider p : mine.values()) {
            lists.add(byokModels.computeIfAbsent(p.version(), k -> listed(byokProvider(p))
                    .memoize().forFixedDuration(config.listCacheTtl())));
        }
        return Uni.join().all(lists).andFailFast().map(all -> all.stream().flatMap(List::stream).toList());
    }

    /** The organizations' own providers from now on (every organization's, as the database holds them). */
    public void byok(List<ByokProvider> all) {
        Map<String, Map<String, ByokProvider>> next = new java.util.HashMap<>();
        for (ByokProvider p : all) {
            next.computeIfAbsent(p.organizationId(), k -> new java.util.HashMap<>()).put(p.name(), p);
        }
        byok = Map.copyOf(next);
        // clients and model lists of providers that changed or went are dropped
        java.util.Set<String> live = new java.util.HashSet<>();
        all.forEach(p -> live.add(p.version()));
        byokClients.keySet().retainAll(live);
        byokModels.keySet().retainAll(live);
    }

    /** Lists the provider's models with its key: the check that the key and URL work. */
    public Uni<List<ModelInfo>> check(ByokProvider provider) {
        return provider.provider(config, policy, http).listModels();
    }

    private ByokProvider own(String org, String name) {
        return org == null ? null : byok.getOrDefault(org, Map.of()).get(name);
    }

    private Provider byokProvider(ByokProvider p) {
        return byokClients.computeIfAbsent(p.version(), k -> p.provider(config, policy, http));
    }

    private static Uni<List<ModelInfo>> listed(Provider p) {
        return p.listModels().onFailure().recoverWithItem(e -> {
            LOG.warnf("provider '%s' could not list its models, leaving it out: %s", p.name(),
                    e.getMessage() != null ? e.getMessage() : e.toString());
            return List.of();
        });
    }

    private Uni<List<ModelInfo>> listAll() {
        List<Uni<List<ModelInfo>>> lists = providers.values().stream()
                .filter(Provider::configured)
                .map(LlmProviders::listed)
                .toList();
        if (lists.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(lists).andFailFast()
                .map(all -> all.stream().flatMap(List::stream).toList());
    }

    private Provider known(String name, String org) {
        Provider provider = providers.get(name);
        if (provider == null) {
            List<String> names = new java.util.ArrayList<>(providers.keySet());
            names.addAll(new java.util.TreeSet<>(byok.getOrDefault(org, Map.of()).keySet()));
            throw new LlmException(LlmException.Kind.BAD_REQUEST, "Unknown provider '" + name + "' (known: "
                    + String.join(", ", names) + ")");
        }
        return provider;
    }

    private Provider configured(String name, String org) {
        Provider provider = known(name, org);
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
