package dev.engram.agent.llm;

import com.sun.net.httpserver.HttpServer;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * For {@link ModelsApiTest}: a scripted OpenAI server listing two chat models (and one embedding model, which must
 * not appear), and a stand-in embedding-service listing its models in its own shape.
 */
public class ModelsApiResource implements QuarkusTestResourceLifecycleManager {

    static final String EMBEDDING_MODELS = """
            {"object":"list","data":[
              {"id":"local/all-minilm-l6-v2","object":"model","provider":"local","embedding_dim":384,
               "max_input_tokens":126,"supports_dimensions":false,"is_default":true},
              {"id":"openai/text-embedding-3-small","object":"model","provider":"openai","embedding_dim":1536,
               "max_input_tokens":8191,"supports_dimensions":true,"is_default":false}]}""";

    private ScriptedOpenAiServer openAi;
    private HttpServer embedding;

    @Override
    public Map<String, String> start() {
        openAi = new ScriptedOpenAiServer().models(List.of("gpt-4o-mini", "text-embedding-3-small", "gpt-4.1"));
        try {
            embedding = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        embedding.createContext("/v1/models", exchange -> {
            byte[] body = EMBEDDING_MODELS.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        embedding.start();
        return Map.of(
                "engram.llm.openai.base-url", openAi.baseUrl(),
                "engram.llm.openai.api-key", "sk-test",
                "quarkus.rest-client.embedding.url", "http://127.0.0.1:" + embedding.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (openAi != null) {
            openAi.close();
        }
        if (embedding != null) {
            embedding.stop(0);
        }
    }
}
