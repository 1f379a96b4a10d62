package dev.engram.agent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.llm.LlmConfig;
import dev.engram.agent.llm.LlmProviders;
import dev.engram.agent.llm.ModelInfo;
import dev.engram.agent.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Set;

/** Letta's llm_config and embedding_config for a model handle. */
@ApplicationScoped
public class ModelConfigs {

    private static final Set<String> EMBEDDING_PROVIDERS = Set.of("local", "openai", "ollama");

    private final LlmProviders providers;
    private final LlmConfig llm;
    private final String embeddingService;

    public ModelConfigs(LlmProviders providers, LlmConfig llm,
                        @ConfigProperty(name = "quarkus.rest-client.embedding.url") String embeddingService) {
        this.providers = providers;
        this.llm = llm;
        this.embeddingService = embeddingService;
    }

    /** The LLM configuration of a handle; 400 when the handle is malformed or its provider is not configured. */
    public ObjectNode llmConfig(String org, String handle, Integer contextWindowLimit, Integer maxTokens, JsonNode overrides) {
        providers.client(org, handle); // validates the handle and that its provider is configured (or is the organization's)
        ModelInfo info = providers.info(org, handle);
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("model", info.model());
        c.put("display_name", info.displayName());
        c.put("model_endpoint_type", info.providerType());
        c.put("model_endpoint", info.endpoint());
        c.put("provider_name", info.providerName());
        c.put("provider_category", info.providerCategory());
        c.putNull("model_wrapper");
        int window = contextWindowLimit != null ? Math.min(contextWindowLimit, info.contextWindow()) : info.contextWindow();
        c.put("context_window", window);
        c.put("put_inner_thoughts_in_kwargs", false);
        c.put("handle", handle);
        c.put("temperature", 1.0);
        if (maxTokens != null) {
            c.put("max_tokens", maxTokens);
        } else {
            c.putNull("max_tokens");
        }
        c.put("enable_reasoner", true);
        c.putNull("reasoning_effort");
        c.put("max_reasoning_tokens", 0);
        c.putNull("frequency_penalty");
        c.put("parallel_tool_calls", false);
        c.putNull("response_format");
        c.put("strict", false);
        if (overrides != null && overrides.isObject()) {
            for (String key : new String[] {"temperature", "max_tokens", "parallel_tool_calls", "reasoning_effort", "frequency_penalty"}) {
                if (overrides.has(key)) {
                    c.set(key, overrides.get(key));
                }
            }
        }
        return c;
    }

    /** The embedding configuration of a handle; 400 when it cannot be an embedding model of this deployment. */
    public ObjectNode embeddingConfig(String handle) {
        int slash = handle.indexOf('/');
        if (slash <= 0 || slash == handle.length() - 1) {
            throw ApiException.badRequest("embedding: handle must be provider/model-name, got '" + handle + "'");
        }
        String provider = handle.substring(0, slash);
        if (!EMBEDDING_PROVIDERS.contains(provider)) {
            throw ApiException.badRequest("embedding: unknown provider '" + provider + "' (known: local, openai, ollama)");
        }
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("embedding_endpoint_type", endpointType(provider));
        c.put("embedding_endpoint", endpoint(provider));
        c.put("embedding_model", handle.substring(slash + 1));
        c.put("embedding_dim", handle.startsWith("local/all-minilm") ? 384 : 1536);
        c.put("embedding_chunk_size", 300);
        c.put("handle", handle);
        c.put("batch_size", 32);
        c.putNull("azure_endpoint");
        c.putNull("azure_version");
        c.putNull("azure_deployment");
        return c;
    }

    /**
     * Letta's enum has no "local": the in-process models are served by embedding-service's OpenAI-compatible
     * {@code /v1/embeddings}, so they are "openai" at that endpoint (the handle keeps saying "local/...").
     */
    public static String endpointType(String provider) {
        return "ollama".equals(provider) ? "ollama" : "openai";
    }

    private String endpoint(String provider) {
        return switch (provider) {
            case "openai" -> llm.openai().baseUrl();
            case "ollama" -> llm.ollama().baseUrl().orElse(null);
            default -> embeddingService.replaceAll("/+$", "") + "/v1";
        };
    }
}
