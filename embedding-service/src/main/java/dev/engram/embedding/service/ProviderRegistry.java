package dev.engram.embedding.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Routes a handle to its provider's embedder and lists what this deployment can serve. */
@ApplicationScoped
public class ProviderRegistry {

    private final Map<String, EmbeddingProvider> providers = new LinkedHashMap<>();
    private final String defaultModel;

    public ProviderRegistry(Instance<EmbeddingProvider> providers, EmbeddingConfig config) {
        providers.stream()
                .sorted((a, b) -> order(a.name()) - order(b.name()))
                .forEach(p -> this.providers.put(p.name(), p));
        this.defaultModel = config.defaultModel();
    }

    // local first, then the remote providers alphabetically, so listings are stable
    private static int order(String name) {
        return name.equals("local") ? -1000 : name.charAt(0);
    }

    public String defaultModel() {
        return defaultModel;
    }

    /**
     * @throws EmbeddingFailure 400 for an unknown provider, an unconfigured one (naming its variable) or an unknown model
     */
    public Embedder resolve(ModelHandle handle) {
        EmbeddingProvider provider = providers.get(handle.provider());
        if (provider == null) {
            throw EmbeddingFailure.badRequest("model: unknown provider '" + handle.provider() + "' in '" + handle
                    + "'; known providers: " + String.join(", ", providers.keySet()));
        }
        if (!provider.configured()) {
            throw EmbeddingFailure.badRequest("model: provider '" + provider.name() + "' is not configured; set "
                    + provider.configurationVariable() + " to use '" + handle + "'");
        }
        return provider.embedder(handle.name());
    }

    /** Every model of every configured provider. */
    public List<ModelInfo> models() {
        List<ModelInfo> all = new ArrayList<>();
        providers.values().stream().filter(EmbeddingProvider::configured).forEach(p -> all.addAll(p.models()));
        return all;
    }
}
