package dev.engram.agent.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.agent.MessageCreate;

import java.util.List;

/**
 * Letta's LettaStreamingRequest (a superset of LettaRequest): {@code messages} or {@code input}, and how to run and
 * answer. Streaming fields are accepted here and served by the streaming endpoint.
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
        String overrideModel,
        Boolean includeCompactionMessages,
        Boolean streaming,
        Boolean streamTokens,
        Boolean includePings,
        Boolean background,
        String callbackUrl) {

    public static final int DEFAULT_MAX_STEPS = 50;

    /** A JSON {@code null} is no value: {@code "input": null} beside {@code messages} is not both. */
    public LettaRequest {
        input = input == null || input.isNull() ? null : input;
        clientTools = clientTools == null || clientTools.isNull() ? null : clientTools;
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
}
