package dev.engram.agent.message;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** Letta's LettaResponse: the run's messages (not the input), why it stopped, and the summed usage. */
// native image: written by the Vert.x message routes with an ObjectMapper, not by a resource
@RegisterForReflection
public record LettaResponse(List<ObjectNode> messages, StopReason stopReason, Usage usage, Object logprobs, Object turns) {

    // native image: a stream frame of its own (StreamObserver)
    @RegisterForReflection
    public record StopReason(String messageType, String stopReason) {
        public static StopReason of(String reason) {
            return new StopReason("stop_reason", reason);
        }
    }

    public record Usage(String messageType, int completionTokens, int promptTokens, int totalTokens, int stepCount,
                        List<String> runIds, Integer cachedInputTokens, Integer cacheWriteTokens, Integer reasoningTokens,
                        Integer contextTokens) {
    }
}
