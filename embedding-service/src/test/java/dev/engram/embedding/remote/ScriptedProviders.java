package dev.engram.embedding.remote;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Test profile: openai/* and ollama/* both point at a {@link ScriptedProviderServer}, with short timeouts. */
public class ScriptedProviders implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Server.class));
    }

    public static class Server implements QuarkusTestResourceLifecycleManager {

        private ScriptedProviderServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = new ScriptedProviderServer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String base = "http://127.0.0.1:" + server.port();
            return Map.of(
                    "engram.embedding.openai.api-key", ScriptedProviderServer.API_KEY,
                    "engram.embedding.openai.base-url", base + "/v1",
                    "engram.embedding.ollama.base-url", base,
                    "engram.embedding.remote.timeout", "500ms",
                    "engram.embedding.remote.max-attempts", "3",
                    "engram.embedding.remote.initial-backoff", "10ms",
                    "engram.embedding.remote.max-backoff", "20ms",
                    "engram.embedding.remote.breaker-failures", "4",
                    "engram.embedding.remote.breaker-open-for", "60s");
        }

        @Override
        public void stop() {
            if (server != null) {
                server.close();
            }
        }
    }
}
