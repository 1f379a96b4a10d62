package dev.engram.agent.llm;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * One model handle's way to the LLM, whatever the provider. Obtained from {@link LlmProviders#client(String)}.
 * Failures arrive as {@link LlmException}; connection failures, HTTP 429 and 5xx have already been retried.
 */
public interface LlmClient {

    /** One complete answer. */
    Uni<LlmResponse> chat(LlmRequest request);

    /**
     * The answer as it is generated: text, reasoning and tool-call deltas, then one {@link LlmChunk.Done} carrying the
     * complete response (usage, finish reason). A stream is retried only while nothing has been emitted yet.
     */
    Multi<LlmChunk> stream(LlmRequest request);
}
