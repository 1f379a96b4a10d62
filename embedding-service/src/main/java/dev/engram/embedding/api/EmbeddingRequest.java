package dev.engram.embedding.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Positive;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v1/embeddings}, as OpenAI defines it. */
public record EmbeddingRequest(
        @Schema(description = "A string or an array of up to 2048 strings, none empty", required = true,
                oneOf = {String.class, String[].class}, type = SchemaType.ARRAY)
        JsonNode input,
        @Schema(description = "Model handle provider/name; the deployment's default when absent",
                examples = "local/all-minilm-l6-v2-q")
        String model,
        @Schema(description = "float (default) or base64 (little-endian float32)", enumeration = {"float", "base64"})
        String encodingFormat,
        @Schema(description = "Vector size, for models that can shorten their vectors")
        @Positive Integer dimensions,
        @Schema(description = "Caller identifier, accepted for compatibility and ignored")
        String user) {
}
