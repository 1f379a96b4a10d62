package dev.engram.agent.llm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** LLM providers and how they are called. Each provider is configured by its usual environment variables. */
@ConfigMapping(prefix = "engram.llm")
public interface LlmConfig {

    /** Longest wait for a complete non-streaming answer, and for the gap between two chunks of a stream. */
    @WithDefault("120s")
    Duration timeout();

    /** Longest wait for a TCP connection (Anthropic, Ollama, model lists; the OpenAI client uses {@link #timeout()}). */
    @WithDefault("10s")
    Duration connectTimeout();

    /** Retries after a connection failure, HTTP 429 or 5xx; any other failure is final. */
    @WithDefault("2")
    int maxRetries();

    /** Delay before the first retry; it doubles with each further attempt. */
    @WithDefault("1s")
    Duration retryBackoff();

    /** Longest wait for one provider's model list. */
    @WithDefault("5s")
    Duration listTimeout();

    /** How long the combined model list of {@code GET /v1/models/} is reused. */
    @WithDefault("60s")
    Duration listCacheTtl();

    OpenAi openai();

    Anthropic anthropic();

    Ollama ollama();

    /** {@code openai/*} handles: OpenAI or any server speaking its chat completions API (vLLM, LM Studio, Groq, ...). */
    interface OpenAi {

        /** API key (OPENAI_API_KEY); a local server may need none. */
        @WithDefault("${OPENAI_API_KEY:}")
        Optional<String> apiKey();

        /** Base URL up to and including /v1 (OPENAI_BASE_URL); any other value than OpenAI's own configures the provider. */
        @WithDefault("${OPENAI_BASE_URL:" + OpenAiProvider.DEFAULT_BASE_URL + "}")
        String baseUrl();
    }

    /** {@code anthropic/*} handles. */
    interface Anthropic {

        /** API key (ANTHROPIC_API_KEY); the provider is unconfigured without it. */
        @WithDefault("${ANTHROPIC_API_KEY:}")
        Optional<String> apiKey();

        /** Base URL up to and including /v1 (ANTHROPIC_BASE_URL). */
        @WithDefault("${ANTHROPIC_BASE_URL:https://api.anthropic.com/v1}")
        String baseUrl();

        /** max_tokens of a request that names none (Anthropic requires one), capped by the model's own output limit. */
        @WithDefault("8192")
        int defaultMaxTokens();
    }

    /** {@code ollama/*} handles. */
    interface Ollama {

        /** Server URL, e.g. http://localhost:11434 (OLLAMA_BASE_URL); the provider is unconfigured without it. */
        @WithDefault("${OLLAMA_BASE_URL:}")
        Optional<String> baseUrl();

        /** Context window assumed for every Ollama model, and sent as num_ctx so that Ollama really uses it. */
        @WithDefault("8192")
        int contextWindow();
    }
}
