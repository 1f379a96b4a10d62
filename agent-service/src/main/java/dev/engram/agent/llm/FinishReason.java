package dev.engram.agent.llm;

/** Why the model stopped. {@link #LENGTH} is Letta's {@code max_tokens_exceeded}. */
public enum FinishReason { STOP, TOOL_CALLS, LENGTH, CONTENT_FILTER, OTHER }
