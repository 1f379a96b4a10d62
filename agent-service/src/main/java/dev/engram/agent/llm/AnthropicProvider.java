package dev.engram.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.ToolChoice;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code anthropic/*} through LangChain4j's Anthropic models on the JDK HTTP client. A forced tool and serial tool
 * use are model-level settings in LangChain4j's Anthropic models, so one model is kept per such variant.
 */
final class AnthropicProvider implements Provider, ChatModels {
    private static final String API_VERSION = "2023-06-01";

    /** The per-request settings LangChain4j's Anthropic models only take at build time. */
    private record Variant(String forcedTool, Boolean disableParallelToolUse) {

        static Variant of(LlmRequest request) {
            return new Variant(request.toolChoice().toolName(),
                    Boolean.FALSE.equals(request.parallelToolCalls()) ? Boolean.TRUE : null);
        }
    }

    private final Label label;
    private final LlmConfig.Anthropic config;
    private final String baseUrl;
    private final Duration connectTimeout;
    private final CallPolicy policy;
    private final HttpJson http;
    private final ConcurrentMap<Variant, ChatModel> chatModels = new ConcurrentHashMap<>();
    private final ConcurrentMap<Variant, StreamingChatModel> streamingModels = new ConcurrentHashMap<>();

    AnthropicProvider(LlmConfig.Anthropic config, Duration connectTimeout, CallPolicy policy, HttpJson http) {
        this(Label.base("anthropic"), config, connectTimeout, policy, http);
    }

    AnthropicProvider(Label label, LlmConfig.Anthropic config, Duration connectTimeout, CallPolicy policy, HttpJson http) {
        this.label = label;
        this.config = config;
        this.baseUrl = OpenAiProvider.trimSlash(config.baseUrl());
        this.connectTimeout = connectTimeout;
        this.policy = policy;
        this.http = http;
    }

    @Override
    public String name() {
        return label.name();
    }

    @Override
    public boolean configured() {
        return apiKey() != null;
    }

    @Override
    public String setupHint() {
        return "set ANTHROPIC_API_KEY";
    }

    @Override
    public LlmClient client(String model) {
        return new LangChainClient(name(), model, this, policy);
    }

    @Override
    public ModelInfo info(String model) {
        return info(model, model);
    }

    private ModelInfo info(String model, String displayName) {
        KnownModels.Limits limits = KnownModels.anthropic(model);
        return new ModelInfo(name() + "/" + model, name(), "anthropic", label.category(), model, displayName,
                limits.contextWindow(), limits.maxOutputTokens(), baseUrl, limits.reasoning());
    }

    @Override
    public Uni<List<ModelInfo>> listModels() {
        Map<String, String> headers = Map.of("x-api-key", apiKey(), "anthropic-version", API_VERSION);
        return http.get(baseUrl + "/models?limit=1000", headers).map(body -> {
            List<ModelInfo> models = new ArrayList<>();
            for (JsonNode entry : body.path("data")) {
                String id = entry.path("id").asText("");
                if (!id.isEmpty()) {
                    models.add(info(id, entry.path("display_name").asText(id)));
                }
            }
            return models;
        });
    }

    @Override
    public ChatModel chatModel(LlmRequest request) {
        return chatModels.computeIfAbsent(Variant.of(request), v -> AnthropicChatModel.builder()
                .httpClientBuilder(JdkHttp.builder(connectTimeout, baseUrl))
                .baseUrl(baseUrl)
                .apiKey(apiKey())
                .version(API_VERSION)
                .timeout(policy.timeout())
                .maxRetries(0)
                .returnThinking(true)
                // thinking goes back only with its signature, which our messages do not keep
                .sendThinking(false)
                .cacheSystemMessages(true)
                .cacheTools(true)
                .toolChoiceName(v.forcedTool())
                .disableParallelToolUse(v.disableParallelToolUse())
                .build());
    }

    @Override
    public StreamingChatModel streamingModel(LlmRequest request) {
        return streamingModels.computeIfAbsent(Variant.of(request), v -> AnthropicStreamingChatModel.builder()
                .httpClientBuilder(JdkHttp.builder(connectTimeout, baseUrl))
                .baseUrl(baseUrl)
                .apiKey(apiKey())
                .version(API_VERSION)
                .timeout(policy.timeout())
                .returnThinking(true)
                .sendThinking(false)
                .cacheSystemMessages(true)
                .cacheTools(true)
                .toolChoiceName(v.forcedTool())
                .disableParallelToolUse(v.disableParallelToolUse())
                .build());
    }

    @Override
    public ChatRequest chatRequest(LlmRequest request) {
        KnownModels.Limits limits = KnownModels.anthropic(request.model());
        int defaultMax = limits.maxOutputTokens() == null ? config.defaultMaxTokens()
                : Math.min(config.defaultMaxTokens(), limits.maxOutputTokens());
        DefaultChatRequestParameters.Builder<?> parameters = ChatRequestParameters.builder()
                .modelName(request.model())
                .temperature(request.temperature())
                // Anthropic requires max_tokens on every request
                .maxOutputTokens(request.maxTokens() != null ? request.maxTokens() : defaultMax);
        List<ToolSpecification> tools = ChatMessages.tools(request.tools());
        if (!tools.isEmpty()) {
            parameters.toolSpecifications(tools).toolChoice(switch (request.toolChoice().mode()) {
                case AUTO -> ToolChoice.AUTO;
                // the model variant names the forced tool; REQUIRED makes LangChain4j send a tool choice at all
                case REQUIRED, TOOL -> ToolChoice.REQUIRED;
                case NONE -> ToolChoice.NONE;
            });
        }
        return ChatRequest.builder().messages(ChatMessages.of(request.messages())).parameters(parameters.build()).build();
    }

    private String apiKey() {
        return config.apiKey().filter(k -> !k.isBlank()).orElse(null);
    }
}
