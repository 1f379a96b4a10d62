package dev.engram.agent.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.loop.InitialMessages;
import dev.engram.agent.web.ApiException;

import java.util.List;

/**
 * The body of Letta's (deprecated) modify-message route, checked as the contract reads it: one of UpdateSystemMessage
 * {@code {content: string}}, UpdateUserMessage {@code {content: string | text and image parts}},
 * UpdateReasoningMessage {@code {reasoning: string}} and UpdateAssistantMessage {@code {content: string | text parts}},
 * told apart by {@code message_type}. Each variant's {@code message_type} has a default, so a body without one is
 * whichever variant its fields make it.
 */
public final class MessageUpdates {

    private static final List<String> TYPES = List.of("system_message", "user_message", "reasoning_message", "assistant_message");

    private MessageUpdates() {
    }

    /** Throws the 422 naming the field for a body that is none of the four; returns quietly otherwise. */
    public static void check(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ApiException.unprocessable("body: Field required");
        }
        if (!body.isObject()) {
            throw ApiException.unprocessable("body: Input should be a valid dictionary");
        }
        JsonNode type = body.get("message_type");
        if (type != null && !type.isNull() && !(type.isTextual() && TYPES.contains(type.asText()))) {
            throw ApiException.unprocessable("body.message_type: Input should be 'system_message', 'user_message', "
                    + "'reasoning_message' or 'assistant_message'");
        }
        String kind = type == null || type.isNull() ? inferred(body) : type.asText();
        switch (kind) {
            case "system_message" -> string(body, "content");
            case "reasoning_message" -> string(body, "reasoning");
            case "assistant_message" -> textParts(InitialMessages.content(body.get("content"), "body.content"));
            // a user message's content takes text and image parts, the widest of the three content variants
            default -> InitialMessages.content(body.get("content"), "body.content");
        }
    }

    /** Without a message_type: a body with reasoning and no content is a reasoning message, else it is about content. */
    private static String inferred(JsonNode body) {
        return body.has("reasoning") && !body.has("content") ? "reasoning_message" : "user_message";
    }

    private static void string(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.unprocessable("body." + field + ": Field required");
        }
        if (!value.isTextual()) {
            throw ApiException.unprocessable("body." + field + ": Input should be a valid string");
        }
    }

    /** An assistant's content parts can only be text. */
    private static void textParts(JsonNode parts) {
        for (int i = 0; i < parts.size(); i++) {
            if (!"text".equals(parts.get(i).path("type").asText("text"))) {
                throw ApiException.unprocessable("body.content[" + i + "].type: Input should be 'text'");
            }
        }
    }
}
