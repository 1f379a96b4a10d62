package dev.engram.agent.llm;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * How every LLM call is run: on {@code blocking} threads (LangChain4j's chat models block), bounded by
 * {@code timeout}, retried with exponential backoff when {@link LlmException#retryable()}.
 */
record CallPolicy(Duration timeout, int maxRetries, Duration retryBackoff, Executor blocking) {
}
