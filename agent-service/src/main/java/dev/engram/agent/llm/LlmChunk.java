package dev.engram.agent.llm;

/** One event of a streamed answer. */
public sealed interface LlmChunk permits LlmChunk.TextDelta, LlmChunk.ReasoningDelta, LlmChunk.ToolCallDelta, LlmChunk.Done {

    /** The next piece of the answer's text. */
    record TextDelta(String text) implements LlmChunk {
    }

    /** The next piece of the reasoning / thinking text. */
    record ReasoningDelta(String text) implements LlmChunk {
    }

    /**
     * A piece of a tool call. The first delta of each {@code index} announces the call: id and name, empty
     * {@code argumentsFragment}. The following ones repeat id and name and carry the next piece of the raw arguments.
     */
    record ToolCallDelta(int index, String id, String name, String argumentsFragment) implements LlmChunk {
    }

    /** The last chunk: the complete response, as {@link LlmClient#chat} would have returned it. */
    record Done(LlmResponse response) implements LlmChunk {
    }
}
