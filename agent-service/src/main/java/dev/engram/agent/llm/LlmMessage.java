package dev.engram.agent.llm;

import java.util.List;

/** One message of a conversation sent to an LLM. */
public sealed interface LlmMessage permits LlmMessage.System, LlmMessage.User, LlmMessage.Assistant, LlmMessage.ToolResult {

    /** Instructions: the compiled system prompt. */
    record System(String text) implements LlmMessage {
    }

    /** What the user (or the loop speaking for them, e.g. a heartbeat) said, with optional images. */
    record User(String text, List<Image> images) implements LlmMessage {

        public User {
            images = images == null ? List.of() : List.copyOf(images);
        }

        public User(String text) {
            this(text, List.of());
        }
    }

    /** An image given either by URL or inline as base64 data with its media type. */
    record Image(String url, String base64Data, String mediaType) {

        public static Image ofUrl(String url) {
            return new Image(url, null, null);
        }

        public static Image ofData(String base64Data, String mediaType) {
            return new Image(null, base64Data, mediaType);
        }
    }

    /** An earlier answer of the model: its text, its reasoning and the tools it called. */
    record Assistant(String text, String reasoning, List<ToolCall> toolCalls) implements LlmMessage {

        public Assistant {
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }

        public Assistant(String text) {
            this(text, null, List.of());
        }
    }

    /** What a tool returned, paired with the call by its id. */
    record ToolResult(String toolCallId, String toolName, String content) implements LlmMessage {
    }
}
