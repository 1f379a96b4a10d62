package dev.engram.agent.message;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.agent.MessageCreate;
import dev.engram.agent.json.JsonText;

import java.util.List;

/**
 * Letta's LettaStreamingRequest (a superset of LettaRequest, and of the conversation routes' request with its
 * {@code agent_id}): {@code messages} or {@code input}, and how to run and answer. Streaming fields are accepted here
 * and served by the streaming endpoints; {@code streaming} left out means the route's default.
 */
public record LettaRequest(
        List<MessageCreate> messages,
        JsonNode input,
        Integer maxSteps,
        Boolean useAssistantMessage,
        String assistantMessageToolName,
        String assistantMessageToolKwarg,
        List<String> includeReturnMessageTypes,
        Boolean enableThinking,
        JsonNode clientTools,
        JsonNode clientSkills,
        String overrideModel,
        @JsonAlias("system") String overrideSystem,
        Boolean includeCompactionMessages,
        Boolean returnLogprobs,
        Integer topLogprobs,
        Boolean returnTokenIds,
        Boolean streaming,
        Boolean streamTokens,
        Boolean includePings,
        Boolean background,
        String callbackUrl,
        String agentId) {

    public static final int DEFAULT_MAX_STEPS = 50;

    /** A JSON {@code null} is no value: {@code "input": null} beside {@code messages} is not both. */
    public LettaRequest {
        input = JsonText.present(input);
        clientTools = JsonText.present(clientTools);
        clientSkills = JsonText.present(clientSkills);
    }

    /** A request of these messages with every option at its default. */
    public static LettaRequest of(List<MessageCreate> messages) {
        return new LettaRequest(messages, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    /** The same request with other response filters and streaming options (the chat-completions adapter). */
    public LettaRequest withStreaming(List<String> types, boolean stream, boolean tokens, boolean pings) {
        return new LettaRequest(messages, input, maxSteps, useAssistantMessage, assistantMessageToolName, assistantMessageToolKwarg, types,
                enableThinking, clientTools, clientSkills, overrideModel, overrideSystem, includeCompactionMessages, returnLogprobs,
                topLogprobs, returnTokenIds, stream, tokens, pings, false, callbackUrl, agentId);
    }

    /** The same request with other messages (and no {@code input}). */
    public LettaRequest withMessages(List<MessageCreate> other) {
        return new LettaRequest(other, null, maxSteps, useAssistantMessage, assistantMessageToolName, assistantMessageToolKwarg,
                includeReturnMessageTypes, enableThinking, clientTools, clientSkills, overrideModel, overrideSystem,
                includeCompactionMessages, returnLogprobs, topLogprobs, returnTokenIds, streaming, streamTokens, includePings, background,
                callbackUrl, agentId);
    }

    /** The same request with a maximum number of steps. */
    public LettaRequest withMaxSteps(int steps) {
        return new LettaRequest(messages, input, steps, useAssistantMessage, assistantMessageToolName, assistantMessageToolKwarg,
                includeReturnMessageTypes, enableThinking, clientTools, clientSkills, overrideModel, overrideSystem,
                includeCompactionMessages, returnLogprobs, topLogprobs, returnTokenIds, streaming, streamTokens, includePings, background,
                callbackUrl, agentId);
    }

    public int steps() {
        return maxSteps == null ? DEFAULT_MAX_STEPS : maxSteps;
    }

    public boolean assistantMessage() {
        return useAssistantMessage == null || useAssistantMessage;
    }

    public String assistantTool() {
        return assistantMessageToolName == null ? "send_message" : assistantMessageToolName;
    }

    public String assistantKwarg() {
        return assistantMessageToolKwarg == null ? "message" : assistantMessageToolKwarg;
    }

    public boolean compactionMessages() {
        return Boolean.TRUE.equals(includeCompactionMessages);
    }
}
