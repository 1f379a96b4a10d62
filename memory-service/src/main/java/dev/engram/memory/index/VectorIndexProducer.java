package dev.engram.memory.index;

import dev.engram.memory.index.embedded.LuceneVectorIndex;
import dev.engram.memory.index.qdrant.QdrantVectorIndex;
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

    @Produces
    @Singleton
    VectorIndex vectorIndex() {
        IndexConfig.Qdrant qdrant = config.qdrant();
        if (qdrant.url().isPresent()) {
            return new QdrantVectorIndex(
                    QdrantVectorIndex.client(qdrant.url().get(), qdrant.apiKey(), qdrant.timeout()),
                    qdrant.collectionPrefix(), qdrant.bm25AverageLength(), config.fusionSettings());
        }
        return LuceneVectorIndex.open(Path.of(config.directory()), config.fusionSettings());
    }

    /** On shutdown: releases the Lucene write lock or the gRPC channel. */
    void close(@Disposes VectorIndex index) {
        index.close();
    }
}
