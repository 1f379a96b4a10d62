package dev.engram.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ollama/*} through LangChain4j's Ollama models on the JDK HTTP client. Ollama has no tool choice: a forced
 * tool is offered alone, NONE offers no tool, REQUIRED is left to the prompt.
 */
final class OllamaProvider implements Provider, ChatModels {
    private final Label label;
    private final String baseUrl;
    private final int contextWindow;
    private final CallPolicy policy;
    private final HttpJson http;
    private final Lazy<ChatModel> chat;
    private final Lazy<StreamingChatModel> streaming;

    OllamaProvider(LlmConfig.Ollama config, Duration connectTimeout, CallPolicy policy, HttpJson http) {
        this(Label.base("ollama"), config, connectTimeout, policy, http);
    }

    OllamaProvider(Label label, LlmConfig.Ollama config, Duration connectTimeout, CallPolicy policy, HttpJson http) {
        this.label = label;
        this.baseUrl = config.baseUrl().filter(u -> !u.isBlank()).map(OpenAiProvider::trimSlash).orElse(null);
        this.contextWindow = config.contextWindow();
        this.policy = policy;
        this.http = http;
        this.chat = new Lazy<>(() -> OllamaChatModel.builder()
                .httpClientBuilder(JdkHttp.builder(connectTimeout, baseUrl))
                .baseUrl(baseUrl)
                .timeout(policy.timeout())
                .maxRetries(0)
                .numCtx(contextWindow)
                .returnThinking(true)
                .build());
        this.streaming = new Lazy<>(() -> OllamaStreamingChatModel.builder()
                .httpClientBuilder(JdkHttp.builder(connectTimeout, baseUrl))
                .baseUrl(baseUrl)
                .timeout(policy.timeout())
                .numCtx(contextWindow)
                .returnThinking(true)
                .build());
    }

    @Override
    public String name() {
        return label.name();
    }

    @Override
    public boolean configured() {
        return baseUrl != null;
    }

    @Override
    public String setupHint() {
        return "set OLLAMA_BASE_URL";
    }

    @Override
    public LlmClient client(String model) {
        return new LangChainClient(name(), model, this, policy);
    }

    @Override
    public ModelInfo info(String model) {
        return new ModelInfo(name() + "/" + model, name(), "ollama", label.category(), model, model, contextWindow, null,
                baseUrl, false);
    }

    @Override
    public Uni<List<ModelInfo>> listModels() {
        return http.get(baseUrl + "/api/tags", Map.of()).map(body -> {
            List<ModelInfo> models = new ArrayList<>();
            for (JsonNode entry : body.path("models")) {
                String name = entry.path("name").asText(entry.path("model").asText(""));
                // embedding models are served by embedding-service, not chatted with
                if (!name.isEmpty() && !name.contains("embed")) {
                    models.add(info(name));
                }
            }
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
        List<ToolSpec> offered = switch (request.toolChoice().mode()) {
            case AUTO, REQUIRED -> request.tools();
            case NONE -> List.of();
            case TOOL -> request.tools().stream().filter(t -> t.name().equals(request.toolChoice().toolName())).toList();
        };
        List<ToolSpecification> tools = ChatMessages.tools(offered);
        ChatRequestParameters parameters = ChatRequestParameters.builder()
                .modelName(request.model())
                .temperature(request.temperature())
                .maxOutputTokens(request.maxTokens())
                .toolSpecifications(tools.isEmpty() ? null : tools)
                .build();
        return ChatRequest.builder().messages(ChatMessages.of(request.messages())).parameters(parameters).build();
    }
}
