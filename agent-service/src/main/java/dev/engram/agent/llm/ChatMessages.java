package dev.engram.agent.llm;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.ArrayList;
import java.util.List;

/** Our messages and tools in LangChain4j's form, the same for every provider. */
final class ChatMessages {

    private ChatMessages() {
    }

    static List<ChatMessage> of(List<LlmMessage> messages) {
        return messages.stream().map(ChatMessages::of).toList();
    }

    static List<ToolSpecification> tools(List<ToolSpec> tools) {
        return tools.stream()
                .map(t -> ToolSpecification.builder()
                        .name(t.name())
                        .description(t.description())
                        .parameters(ToolSchemas.parameters(t.parameters()))
                        .build())
                .toList();
    }

    private static ChatMessage of(LlmMessage message) {
        return switch (message) {
            case LlmMessage.System s -> SystemMessage.from(s.text());
            case LlmMessage.User u -> user(u);
            case LlmMessage.Assistant a -> AiMessage.builder()
                    .text(a.text())
                    .thinking(a.reasoning())
                    .toolExecutionRequests(a.toolCalls().stream()
                            .map(c -> ToolExecutionRequest.builder().id(c.id()).name(c.name()).arguments(c.arguments()).build())
                            .toList())
                    .build();
            case LlmMessage.ToolResult r ->
                    ToolExecutionResultMessage.from(r.toolCallId(), r.toolName(), r.content() == null ? "" : r.content());
        };
    }

    private static UserMessage user(LlmMessage.User user) {
        if (user.images().isEmpty()) {
            return UserMessage.from(user.text());
        }
        List<Content> contents = new ArrayList<>();
        if (user.text() != null && !user.text().isEmpty()) {
            contents.add(TextContent.from(user.text()));
        }
        for (LlmMessage.Image image : user.images()) {
            contents.add(image.url() != null ? ImageContent.from(image.url())
                    : ImageContent.from(image.base64Data(), image.mediaType()));
        }
        return UserMessage.from(contents);
    }
}
