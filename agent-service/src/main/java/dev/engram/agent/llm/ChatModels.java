package dev.engram.agent.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;

/** What differs between providers when a request is sent: the LangChain4j models and the request's parameters. */
interface ChatModels {

    /** The model that serves this request (a provider may keep variants, e.g. per forced tool). */
    ChatModel chatModel(LlmRequest request);

    StreamingChatModel streamingModel(LlmRequest request);

    /** The request in LangChain4j's form; {@code request.model()} is set. */
    ChatRequest chatRequest(LlmRequest request);
}
