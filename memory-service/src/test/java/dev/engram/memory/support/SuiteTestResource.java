package dev.engram.memory.support;

import dev.engram.pg.EmbeddedPgTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * The real dependencies of memory-service for @QuarkusTest: an embedded PostgreSQL, the embedding-service jar, and a
 * fresh directory for the embedded index.
 */
public class SuiteTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(EmbeddedPgTestResource.database().quarkusDatasourceProperties());
        config.put("quarkus.rest-client.embedding.url", EmbeddingServiceProcess.get().url());
        try {
            config.put("engram.index.directory", Files.createTempDirectory("engram-test-index").toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        config.put("engram.index.sync-interval", "500ms");
        return config;
    }

    @Override
    public void stop() {
        // shared by every test class; stopped with the JVM
    }
}
