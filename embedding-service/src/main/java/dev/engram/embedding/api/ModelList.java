package dev.engram.embedding.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code GET /v1/models}. */
public record ModelList(String object, List<Model> data) {

    public ModelList(List<Model> data) {
        this("list", data);
    }

    /**
     * One servable embedding model.
     *
     * @param id                 the handle to put in a request's {@code model}
     * @param embeddingDim       vector size; null when the provider only tells on the first call
     * @param maxInputTokens     longest input embedded without truncation; null when the provider applies its own rule
     * @param supportsDimensions whether {@code dimensions} may shorten the vectors
     * @param isDefault          whether requests without {@code model} use it
     */
    @Schema(name = "EmbeddingModel")
    public record Model(String id, String object, String provider, Integer embeddingDim, Integer maxInputTokens,
            boolean supportsDimensions, boolean isDefault) {
    }
}
