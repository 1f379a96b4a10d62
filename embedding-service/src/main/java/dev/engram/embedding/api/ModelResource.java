package dev.engram.embedding.api;

import dev.engram.embedding.service.ProviderRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/models")
@Tag(name = "models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    private final ProviderRegistry registry;

    public ModelResource(ProviderRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Operation(summary = "List the embedding models this deployment can serve",
            description = "Local models always; openai/* and ollama/* models once their provider is configured.")
    public ModelList list() {
        String defaultModel = registry.defaultModel();
        return new ModelList(registry.models().stream()
                .map(m -> new ModelList.Model(m.handle().toString(), "model", m.handle().provider(), m.embeddingDim(),
                        m.maxInputTokens(), m.supportsDimensions(), m.handle().toString().equals(defaultModel)))
                .toList());
    }
}
