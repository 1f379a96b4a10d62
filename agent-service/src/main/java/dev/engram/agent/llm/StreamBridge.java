package dev.engram.agent.llm;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import io.smallrye.mutiny.subscription.MultiEmitter;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Feeds LangChain4j's streaming callbacks into a Mutiny emitter as {@link LlmChunk}s. Callbacks may come from
 * different threads (one at a time), hence the synchronized methods.
 */
final class StreamBridge implements StreamingChatResponseHandler {

    private final MultiEmitter<? super LlmChunk> emitter;
    private final String provider;
    private final String requestedModel;
    private final Map<Integer, String> ids = new HashMap<>();
    private final Set<Integer> withArguments = new HashSet<>();
    private StreamingHandle handle;

    StreamBridge(MultiEmitter<? super LlmChunk> emitter, String provider, String requestedModel) {
        this.emitter = emitter;
        this.provider = provider;
        this.requestedModel = requestedModel;
    }

    @Override
    public synchronized void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        remember(context.streamingHandle());
        emitter.emit(new LlmChunk.TextDelta(partial.text()));
    }

    @Override
    public synchronized void onPartialThinking(PartialThinking partial, PartialThinkingContext context) {
        remember(context.streamingHandle());
        emitter.emit(new LlmChunk.ReasoningDelta(partial.text()));
    }

    @Override
    public synchronized void onPartialToolCall(PartialToolCall partial, PartialToolCallContext context) {
        remember(context.streamingHandle());
        String id = announce(partial.index(), partial.id(), partial.name());
        withArguments.add(partial.index());
        emitter.emit(new LlmChunk.ToolCallDelta(partial.index(), id, partial.name(), partial.partialArguments()));
    }

    @Override
    public synchronized void onCompleteToolCall(CompleteToolCall complete) {
        var request = complete.toolExecutionRequest();
        String id = announce(complete.index(), request.id(), request.name());
        // providers that stream no argument pieces (or none for this call) still owe the consumer the arguments
        if (withArguments.add(complete.index())) {
            emitter.emit(new LlmChunk.ToolCallDelta(complete.index(), id, request.name(), request.arguments()));
        }
    }

    @Override
    public synchronized void onCompleteResponse(ChatResponse response) {
        try {
            // calls that came without an id keep the one their deltas announced
            emitter.emit(new LlmChunk.Done(ChatResponses.of(provider, response, requestedModel,
                    index -> ids.computeIfAbsent(index, i -> ChatResponses.newCallId()))));
            emitter.complete();
        } catch (LlmException e) {
            emitter.fail(e);
        }
    }

    @Override
    public synchronized void onError(Throwable error) {
        emitter.fail(LlmErrors.map(provider, error));
    }

    /** Stops the provider's stream (when the consumer went away or the stream timed out). */
    synchronized void cancel() {
        if (handle != null && !handle.isCancelled()) {
            handle.cancel();
        }
    }

    /** Emits the call's first delta (id and name) once, and returns the id it goes by. */
    private String announce(int index, String providerId, String name) {
        String known = ids.get(index);
        if (known != null) {
            return known;
        }
        String id = providerId != null && !providerId.isBlank() ? providerId : ChatResponses.newCallId();
        ids.put(index, id);
        emitter.emit(new LlmChunk.ToolCallDelta(index, id, name, ""));
        return id;
    }

    private void remember(StreamingHandle streamingHandle) {
        if (handle == null) {
            handle = streamingHandle;
        }
    }
}
