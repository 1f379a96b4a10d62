package dev.engram.agent.llm;

import com.sun.net.httpserver.HttpServer;
import dev.engram.agent.support.llm.ScriptedAnthropicServer;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Handles, provider routing and configuration, model information and listing. */
class LlmProvidersTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ScriptedOpenAiServer openAi;
    private static ScriptedAnthropicServer anthropic;
    private static HttpServer ollama;
    private static final List<String> ollamaCalls = new ArrayList<>();

    private final List<LlmProviders> created = new ArrayList<>();

    @BeforeAll
    static void startServers() throws IOException {
        openAi = new ScriptedOpenAiServer();
        anthropic = new ScriptedAnthropicServer();
        // a stand-in Ollama: its model list and one chat answer, enough to see where ollama/* handles go
        ollama = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ollama.createContext("/api/tags", exchange -> {
            send(exchange, """
                    {"models":[{"name":"llama3.2:latest","model":"llama3.2:latest"},
                               {"name":"nomic-embed-text:latest","model":"nomic-embed-text:latest"}]}""");
        });
        ollama.createContext("/api/chat", exchange -> {
            synchronized (ollamaCalls) {
                ollamaCalls.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            }
            send(exchange, """
                    {"model":"llama3.2","created_at":"2025-01-01T00:00:00Z",
                     "message":{"role":"assistant","content":"hello from ollama"},
                     "done":true,"done_reason":"stop","prompt_eval_count":12,"eval_count":4}""");
        });
        ollama.start();
    }

    @AfterAll
    static void stopServers() {
        openAi.close();
        anthropic.close();
        ollama.stop(0);
    }

    @BeforeEach
    void resetServers() {
        openAi.reset();
        anthropic.reset();
        synchronized (ollamaCalls) {
            ollamaCalls.clear();
        }
    }

    @AfterEach
    void closeProviders() {
        created.forEach(LlmProviders::close);
    }

    @Test
    void a_handle_without_a_slash_is_a_400_bad_request() {
        LlmException e = assertThrows(LlmException.class, () -> providers().client(dev.engram.agent.web.Actor.DEFAULT_ORG, "gpt-4o-mini"));
        assertEquals(LlmException.Kind.BAD_REQUEST, e.kind());
        assertEquals(400, e.httpStatus());
        assertTrue(e.getMessage().startsWith("Handle must be provider/model-name"), e.getMessage());
        assertThrows(LlmException.class, () -> providers().client(dev.engram.agent.web.Actor.DEFAULT_ORG, "openai/"));
        assertThrows(LlmException.class, () -> providers().client(dev.engram.agent.web.Actor.DEFAULT_ORG, "/gpt-4o"));
    }

    @Test
    void an_unknown_provider_is_a_400_naming_the_known_ones() {
        LlmException e = assertThrows(LlmException.class, () -> providers().client(dev.engram.agent.web.Actor.DEFAULT_ORG, "mistral/mistral-large"));
        assertEquals(LlmException.Kind.BAD_REQUEST, e.kind());
        assertEquals(400, e.httpStatus());
        assertTrue(e.getMessage().contains("openai, anthropic, ollama"), e.getMessage());
    }

    @Test
    void an_unconfigured_provider_is_a_400_naming_the_variable_to_set() {
        LlmProviders providers = providers();

        LlmException anthropicMissing = assertThrows(LlmException.class, () -> providers.client(dev.engram.agent.web.Actor.DEFAULT_ORG, "anthropic/claude-sonnet-4-5"));
        assertEquals(LlmException.Kind.NOT_CONFIGURED, anthropicMissing.kind());
        assertEquals(400, anthropicMissing.httpStatus());
        assertEquals("Provider 'anthropic' is not configured: set ANTHROPIC_API_KEY", anthropicMissing.getMessage());
        assertNull(anthropicMissing.stopReason());

        LlmException ollamaMissing = assertThrows(LlmException.class, () -> providers.client(dev.engram.agent.web.Actor.DEFAULT_ORG, "ollama/llama3.2"));
        assertEquals("Provider 'ollama' is not configured: set OLLAMA_BASE_URL", ollamaMissing.getMessage());

        LlmException openAiMissing = assertThrows(LlmException.class, () -> providers.client(dev.engram.agent.web.Actor.DEFAULT_ORG, "openai/gpt-4o-mini"));
        assertTrue(openAiMissing.getMessage().startsWith("Provider 'openai' is not configured: set OPENAI_API_KEY"),
                openAiMissing.getMessage());
    }

    @Test
    void openai_is_configured_by_a_key_or_by_a_base_url_of_its_own() {
        providers("openai.api-key", "sk-test").client(dev.engram.agent.web.Actor.DEFAULT_ORG, "openai/gpt-4o-mini");
        // a local OpenAI-compatible server needs no key
        providers("openai.base-url", "http://127.0.0.1:1234/v1").client(dev.engram.agent.web.Actor.DEFAULT_ORG, "openai/qwen2.5-7b-instruct");
        assertThrows(LlmException.class, () -> providers("openai.base-url", "https://api.openai.com/v1/")
                .client(dev.engram.agent.web.Actor.DEFAULT_ORG, "openai/gpt-4o-mini"));
    }

    @Test
    void clients_are_built_once_per_handle() {
        LlmProviders providers = providers("openai.api-key", "sk-test", "anthropic.api-key", "ak-test");
        assertSame(providers.client(dev.engram.agent.web.Actor.DEFAULT_ORG, "openai/gpt-4o-mini"), providers.client(dev.engram.agent.web.Actor.DEFAULT_ORG, "openai/gpt-4o-mini"));
        assertFalse(providers.client(dev.engram.agent.web.Actor.DEFAULT_ORG, "openai/gpt-4o-mini") == providers.client(dev.engram.agent.web.Actor.DEFAULT_ORG, "openai/gpt-4o"));
        assertSame(providers.client(dev.engram.agent.web.Actor.DEFAULT_ORG, "anthropic/claude-sonnet-4-5"), providers.client(dev.engram.agent.web.Actor.DEFAULT_ORG, "anthropic/claude-sonnet-4-5"));
    }

    @Test
    void ollama_handles_go_to_the_configured_ollama_server() {
        LlmProviders providers = providers("ollama.base-url", "http://127.0.0.1:" + ollama.getAddress().getPort());

        LlmResponse response = providers.client(dev.engram.agent.web.Actor.DEFAULT_ORG, "ollama/llama3.2")
                .chat(LlmRequest.of(List.of(new LlmMessage.User("hi")))).await().atMost(WAIT);

        assertEquals("hello from ollama", response.text());
        assertEquals(FinishReason.STOP, response.finishReason());
        assertEquals(new LlmUsage(12, 4, 16, null, null), response.usage());
        synchronized (ollamaCalls) {
            assertEquals(1, ollamaCalls.size());
            assertTrue(ollamaCalls.getFirst().contains("\"model\" : \"llama3.2\"") || ollamaCalls.getFirst().contains("\"model\":\"llama3.2\""),
                    ollamaCalls.getFirst());
            // the configured context window is what Ollama is told to use
            assertTrue(ollamaCalls.getFirst().replace(" ", "").contains("\"num_ctx\":8192"), ollamaCalls.getFirst());
        }
    }

    @Test
    void info_knows_the_context_windows_of_well_known_models() {
        LlmProviders providers = providers();
        ModelInfo mini = providers.info(dev.engram.agent.web.Actor.DEFAULT_ORG, "openai/gpt-4o-mini-2024-07-18");
        assertEquals(128_000, mini.contextWindow());
        assertEquals(16_384, mini.maxOutputTokens());
        assertEquals("openai", mini.providerType());
        assertEquals("base", mini.providerCategory());
        assertEquals("openai/gpt-4o-mini-2024-07-18", mini.handle());
        assertEquals(1_047_576, providers.info(dev.engram.agent.web.Actor.DEFAULT_ORG, "openai/gpt-4.1").contextWindow());
        assertTrue(providers.info(dev.engram.agent.web.Actor.DEFAULT_ORG, "openai/o3-mini").reasoning());
        assertEquals(200_000, providers.info(dev.engram.agent.web.Actor.DEFAULT_ORG, "anthropic/claude-sonnet-4-5-20250929").contextWindow());
        assertEquals(64_000, providers.info(dev.engram.agent.web.Actor.DEFAULT_ORG, "anthropic/claude-sonnet-4-5-20250929").maxOutputTokens());
        // unknown models get Letta's default window; Ollama models the configured one
        assertEquals(128_000, providers.info(dev.engram.agent.web.Actor.DEFAULT_ORG, "openai/some-local-model").contextWindow());
        assertNull(providers.info(dev.engram.agent.web.Actor.DEFAULT_ORG, "openai/some-local-model").maxOutputTokens());
        assertEquals(8_192, providers.info(dev.engram.agent.web.Actor.DEFAULT_ORG, "ollama/llama3.2").contextWindow());
        assertEquals(32_768, providers("ollama.context-window", "32768").info(dev.engram.agent.web.Actor.DEFAULT_ORG, "ollama/llama3.2").contextWindow());
    }

    @Test
    void model_listing_leaves_out_a_provider_that_fails_and_keeps_the_others() throws IOException {
        openAi.models(List.of("gpt-4o-mini", "text-embedding-3-small", "gpt-4o"));
        anthropic.modelListStatus(500);
        LlmProviders providers = providers(
                "openai.base-url", openAi.baseUrl(),
                "anthropic.api-key", "ak-test", "anthropic.base-url", anthropic.baseUrl(),
                "ollama.base-url", "http://127.0.0.1:" + closedPort());

        List<ModelInfo> models = providers.llmModels(dev.engram.agent.web.Actor.DEFAULT_ORG).await().atMost(WAIT);

        assertEquals(List.of("openai/gpt-4o", "openai/gpt-4o-mini"), models.stream().map(ModelInfo::handle).toList());
        assertEquals(1, anthropic.modelListCalls());
    }

    @Test
    void model_listing_covers_every_configured_provider() {
        LlmProviders providers = providers(
                "openai.api-key", "sk-test", "openai.base-url", openAi.baseUrl(),
                "anthropic.api-key", "ak-test", "anthropic.base-url", anthropic.baseUrl(),
                "ollama.base-url", "http://127.0.0.1:" + ollama.getAddress().getPort());
        openAi.requireApiKey("sk-test");

        List<ModelInfo> models = providers.llmModels(dev.engram.agent.web.Actor.DEFAULT_ORG).await().atMost(WAIT);

        assertEquals(List.of("openai/gpt-4o", "openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5",
                "anthropic/claude-haiku-4-5", "ollama/llama3.2:latest"), models.stream().map(ModelInfo::handle).toList());
        ModelInfo sonnet = models.get(2);
        assertEquals("Scripted claude-sonnet-4-5", sonnet.displayName());
        assertEquals(anthropic.baseUrl(), sonnet.endpoint());
    }

    @Test
    void model_listing_is_reused_within_its_cache_time() {
        LlmProviders providers = providers("openai.base-url", openAi.baseUrl());

        providers.llmModels(dev.engram.agent.web.Actor.DEFAULT_ORG).await().atMost(WAIT);
        openAi.models(List.of("gpt-4.1"));
        List<ModelInfo> again = providers.llmModels(dev.engram.agent.web.Actor.DEFAULT_ORG).await().atMost(WAIT);

        assertEquals(1, openAi.modelListCalls());
        assertEquals(2, again.size());
    }

    @Test
    void model_listing_without_any_configured_provider_is_empty() {
        assertEquals(List.of(), providers().llmModels(dev.engram.agent.web.Actor.DEFAULT_ORG).await().atMost(WAIT));
    }

    private LlmProviders providers(String... keyValues) {
        LlmProviders providers = new LlmProviders(TestLlmConfig.of(keyValues));
        created.add(providers);
        return providers;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void send(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
