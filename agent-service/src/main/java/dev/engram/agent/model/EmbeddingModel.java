package dev.engram.agent.model;

/** Letta's {@code EmbeddingModel}: an embedding model as {@code GET /v1/models/embedding} lists it. */
public record EmbeddingModel(String handle, String name, String displayName, String providerType, String providerName,
                             String modelType, String embeddingEndpointType, String embeddingEndpoint,
                             String embeddingModel, Integer embeddingDim, Integer embeddingChunkSize, int batchSize,
                             String azureEndpoint, String azureVersion, String azureDeployment) {

    /** Letta's defaults: passages are cut into 300-token chunks and embedded 32 at a time. */
    static final int CHUNK_SIZE = 300;
    static final int BATCH_SIZE = 32;
}
