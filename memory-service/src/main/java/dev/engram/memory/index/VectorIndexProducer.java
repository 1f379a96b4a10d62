package dev.engram.memory.index;

import dev.engram.memory.index.embedded.LuceneVectorIndex;
import dev.engram.memory.index.qdrant.QdrantVectorIndex;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.nio.file.Path;

/**
 * Chooses the adapter: Qdrant when a URL is configured (QDRANT_URL), the embedded Lucene index otherwise. The index
 * is built on first injection; neither adapter needs its backend to be reachable to start.
 */
@Singleton
public class VectorIndexProducer {

    private final IndexConfig config;

    public VectorIndexProducer(IndexConfig config) {
        this.config = config;
    }

    /**
     * The index is built lazily, so a bad Qdrant layout setting would only surface at the first write: check it at
     * start instead, and stop the service with a message naming the variable.
     */
    void validate(@Observes StartupEvent ignored) {
        config.qdrant().layout();
    }

    @Produces
    @Singleton
    VectorIndex vectorIndex() {
        IndexConfig.Qdrant qdrant = config.qdrant();
        if (qdrant.url().isPresent()) {
            return new QdrantVectorIndex(
                    QdrantVectorIndex.client(qdrant.url().get(), qdrant.apiKey(), qdrant.timeout()),
                    qdrant.collectionPrefix(), qdrant.layout(), qdrant.bm25AverageLength(), config.fusionSettings());
        }
        return LuceneVectorIndex.open(Path.of(config.directory()), config.fusionSettings());
    }

    /** On shutdown: releases the Lucene write lock or the gRPC channel. */
    void close(@Disposes VectorIndex index) {
        index.close();
    }
}
