package dev.engram.embedding.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of a successful {@code POST /v1/embeddings}, as OpenAI defines it. */
public record EmbeddingResponse(String object, List<Data> data, String model, Usage usage) {

    public EmbeddingResponse(List<Data> data, String model, Usage usage) {
        this("list", data, model, usage);
    }

    /** One vector, at the index of its input. */
    @Schema(name = "EmbeddingData")
    public record Data(String object, int index,
            @Schema(description = "Array of floats, or a base64 string of little-endian float32 values",
                    oneOf = {float[].class, String.class})
            Object embedding) {

        public Data(int index, Object embedding) {
            this("embedding", index, embedding);
        }
    }

    /** Tokens read by the model, counted by its own tokenizer. */
    @Schema(name = "EmbeddingUsage")
    public record Usage(int promptTokens, int totalTokens) {
    }
}
