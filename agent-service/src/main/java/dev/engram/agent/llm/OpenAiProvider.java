package dev.engram.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code openai/*}: OpenAI or any OpenAI-compatible server. In this service LangChain4j's OpenAI models run on the
 * Quarkus LangChain4j extension's REST client (the extension replaces LangChain4j's HTTP client through its service
 * loader), so they need a running Quarkus application; one chat and one streaming model serve every handle, the
 * model name travelling with each request.
 */
final class OpenAiProvider implements Provider, ChatModels {
    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    /** Listed models that cannot chat (OpenAI lists every kind of model it has). */
    private static final List<String> NOT_CHAT = List.of("embed", "tts", "whisper", "dall-e", "davinci", "babbage",
            "moderation", "transcribe", "realtime", "audio", "image", "search", "sora");

    private final Label label;
    private final String baseUrl;
    private final Optional<String> apiKey;
    private final boolean official;
    private final CallPolicy policy;
    private final HttpJson http;
    private final Lazy<ChatModel> chat;
    private final Lazy<StreamingChatModel> streaming;

    OpenAiProvider(LlmConfig.OpenAi config, CallPolicy policy, HttpJson http) {
        this(Label.base("openai"), config, policy, http);
    }

    OpenAiProvider(Label label, LlmConfig.OpenAi config, CallPolicy policy, HttpJson http) {
        this.label = label;
        this.baseUrl = trimSlash(config.baseUrl());
        this.apiKey = config.apiKey().filter(k -> !k.isBlank());
        this.official = baseUrl.equals(DEFAULT_BASE_URL);
        this.policy = policy;
        this.http = http;
        this.chat = new Lazy<>(() -> OpenAiChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey.orElse(null))
                .timeout(policy.timeout())
                .maxRetries(0)
                .returnThinking(true)
                .build());
        this.streaming = new Lazy<>(() -> OpenAiStreamingChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey.orElse(null))
                .timeout(policy.timeout())
                .returnThinking(true)
                .build());
    }

    @Override
    public String name() {
        return label.name();
    }

    @Override
    public boolean configured() {
        // local servers (vLLM, LM Studio, ...) need no key: a base URL of their own is enough
        return apiKey.isPresent() || !official;
    }

    @Override
    public String setupHint() {
        return "set OPENAI_API_KEY (or OPENAI_BASE_URL for an OpenAI-compatible server)";
    }

    @Override
    public LlmClient client(String model) {
        return new LangChainClient(name(), model, this, policy);
    }

    @Override
    public ModelInfo info(String model) {
        KnownModels.Limits limits = KnownModels.openAi(model);
        return new ModelInfo(name() + "/" + model, name(), "openai", label.category(), model, model, limits.contextWindow(),
                limits.maxOutputTokens(), baseUrl, limits.reasoning());
    }

    @Override
    public Uni<List<ModelInfo>> listModels() {
        Map<String, String> headers = new HashMap<>();
        apiKey.ifPresent(key -> headers.put("Authorization", "Bearer " + key));
        return http.get(baseUrl + "/models", headers).map(body -> {
            List<ModelInfo> models = new ArrayList<>();
            for (JsonNode entry : body.path("data")) {
                String id = entry.path("id").asText("");
                if (!id.isEmpty() && NOT_CHAT.stream().noneMatch(id::contains)) {
                    models.add(info(id));
                }
            }
            models.sort(Comparator.comparing(ModelInfo::model));
            return models;
        });
    }

    @Override
    public ChatModel chatModel(LlmRequest request) {
        return chat.get();
    }

    @Override
    public StreamingChatModel streamingModel(LlmRequest request) {
        return streaming.get();
    }

    @Override
    public ChatRequest chatRequest(LlmRequest request) {
        KnownModels.Limits limits = KnownModels.openAi(request.model());
        OpenAiChatRequestParameters.Builder parameters = OpenAiChatRequestParameters.builder().modelName(request.model());
        if (!limits.reasoning()) {
            // reasoning models accept only their default temperature
            parameters.temperature(request.temperature());
        }
        if (request.maxTokens() != null) {
            // OpenAI has replaced max_tokens by max_completion_tokens; compatible servers mostly know only the former
            if (official) {
                parameters.maxCompletionTokens(request.maxTokens());
            } else {
                parameters.maxOutputTokens(request.maxTokens());
            }
        }
        List<ToolSpecification> tools = ChatMessages.tools(request.tools());
        // OpenAI rejects tool_choice and parallel_tool_calls in a request without tools
        if (!tools.isEmpty()) {
            parameters.toolSpecifications(tools).parallelToolCalls(request.parallelToolCalls());
            switch (request.toolChoice().mode()) {
                case AUTO -> parameters.toolChoice(ToolChoice.AUTO);
                case REQUIRED -> parameters.toolChoice(ToolChoice.REQUIRED);
                case NONE -> parameters.toolChoice(ToolChoice.NONE);
                // LangChain4j has no named tool choice; the request's extra fields carry OpenAI's form of it
                case TOOL -> parameters.customParameters(Map.of("tool_choice",
                        Map.of("type", "function", "function", Map.of("name", request.toolChoice().toolName()))));
            }
        }
        return ChatRequest.builder().messages(ChatMessages.of(request.messages())).parameters(parameters.build()).build();
    }

    static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
