package dev.engram.memory.index;

import dev.engram.memory.index.qdrant.QdrantVectorIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The contract against a real Qdrant, only when QDRANT_URL (gRPC, e.g. http://localhost:6334) is set. Each test
 * uses its own collection prefix and drops its collections afterwards.
 */
@EnabledIfEnvironmentVariable(named = "QDRANT_URL", matches = ".+")
class QdrantIndexContractTest extends VectorIndexContract {

    private final String prefix = "engramtest_" + UUID.randomUUID().toString().replace("-", "");

    @Override
    VectorIndex open() {
        return new QdrantVectorIndex(
                QdrantVectorIndex.client(System.getenv("QDRANT_URL"),
                        Optional.ofNullable(System.getenv("QDRANT_API_KEY")), Duration.ofSeconds(30)),
                prefix, 64, FusionSettings.DEFAULTS);
    }

    @Override
    VectorIndex reopen(VectorIndex index) {
        index.close();
        return open();
    }

    @AfterEach
    void dropCollections() {
        try (VectorIndex cleanup = open()) {
            cleanup.clear();
        }
    }
}
