package dev.engram.agent.llm;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

/** A LangChain4j answer in our form; an answer with neither text nor tool call is an {@link LlmException}. */
final class ChatResponses {

    private ChatResponses() {
    }

    static LlmResponse of(String provider, ChatResponse response, String requestedModel) {
        return of(provider, response, requestedModel, index -> newCallId());
    }

    /**
     * @param missingIds the id of the call at a given position when the provider gave none (Ollama gives none, yet
     *                   every tool result must point back to its call)
     */
    static LlmResponse of(String provider, ChatResponse response, String requestedModel, IntFunction<String> missingIds) {
        AiMessage message = response.aiMessage();
        List<ToolCall> calls = new ArrayList<>();
        List<ToolExecutionRequest> requests = message.hasToolExecutionRequests() ? message.toolExecutionRequests() : List.of();
        for (int i = 0; i < requests.size(); i++) {
            ToolExecutionRequest request = requests.get(i);
            String id = request.id() != null && !request.id().isBlank() ? request.id() : missingIds.apply(i);
            calls.add(new ToolCall(id, request.name(), request.arguments()));
        }
        FinishReason finish = finishReason(response.metadata().finishReason(), !calls.isEmpty());
        String text = message.text();
        // an answer cut by the token limit is reported as such (max_tokens_exceeded), even when nothing came out yet
        if ((text == null || text.isBlank()) && calls.isEmpty() && finish != FinishReason.LENGTH) {
            throw new LlmException(LlmException.Kind.EMPTY_RESPONSE,
                    provider + " returned an empty response (no text, no tool call)");
        }
        String model = response.metadata().modelName() != null ? response.metadata().modelName() : requestedModel;
        return new LlmResponse(text, message.thinking(), calls, usage(response.metadata().tokenUsage()), finish, model);
    }

    static LlmUsage usage(TokenUsage usage) {
        if (usage == null) {
            return LlmUsage.UNKNOWN;
        }
        int input = orZero(usage.inputTokenCount());
        int output = orZero(usage.outputTokenCount());
        return switch (usage) {
            case OpenAiTokenUsage openAi -> new LlmUsage(input, output, totalOf(usage, input + output),
                    openAi.inputTokensDetails() == null ? null : openAi.inputTokensDetails().cachedTokens(),
                    openAi.outputTokensDetails() == null ? null : openAi.outputTokensDetails().reasoningTokens());
            case AnthropicTokenUsage anthropic -> {
                // Anthropic counts cache reads and writes apart from input_tokens; the prompt was all of them
                int read = orZero(anthropic.cacheReadInputTokens());
                int prompt = input + read + orZero(anthropic.cacheCreationInputTokens());
                yield new LlmUsage(prompt, output, prompt + output, anthropic.cacheReadInputTokens(), null);
            }
            default -> new LlmUsage(input, output, totalOf(usage, input + output), null, null);
        };
    }

    static String newCallId() {
        return "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    private static FinishReason finishReason(dev.langchain4j.model.output.FinishReason reason, boolean toolCalls) {
        if (reason == dev.langchain4j.model.output.FinishReason.LENGTH) {
            return FinishReason.LENGTH;
        }
        // some servers say "stop" although the answer holds tool calls
        if (toolCalls) {
            return FinishReason.TOOL_CALLS;
        }
        if (reason == null) {
            return FinishReason.STOP;
        }
        return switch (reason) {
            case STOP -> FinishReason.STOP;
            case TOOL_EXECUTION -> FinishReason.TOOL_CALLS;
            case CONTENT_FILTER -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }

    private static int totalOf(TokenUsage usage, int computed) {
        return usage.totalTokenCount() != null ? usage.totalTokenCount() : computed;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
