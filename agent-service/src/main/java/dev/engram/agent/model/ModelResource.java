package dev.engram.agent.model;

import dev.engram.agent.llm.LlmProviders;
import dev.engram.agent.web.Actor;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;

/** Letta's {@code /v1/models} routes: the LLMs and embedding models this deployment can use. */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class ModelResource {

    private final LlmProviders providers;
    private final EmbeddingModels embeddings;

    public ModelResource(LlmProviders providers, EmbeddingModels embeddings) {
        this.providers = providers;
        this.embeddings = embeddings;
    }

    @GET
    @Operation(summary = "List the LLM models of the configured providers and of the organization's own (bare array of Model)")
    public Uni<List<Model>> list(@Context HttpHeaders headers, @RestQuery("provider_category") List<String> providerCategory,
                                 @RestQuery("provider_name") String providerName,
                                 @RestQuery("provider_type") String providerType) {
        return providers.llmModels(Actor.of(headers).organizationId()).map(models -> models.stream()
                .filter(m -> providerCategory == null || providerCategory.isEmpty() || providerCategory.contains(m.providerCategory()))
                .filter(m -> providerName == null || providerName.equals(m.providerName()))
                .filter(m -> providerType == null || providerType.equals(m.providerType()))
                .map(Model::of)
                .toList());
    }

    @GET
    @Path("/embedding")
    @Operation(summary = "List the embedding models embedding-service can serve (bare array of EmbeddingModel)")
    public Uni<List<EmbeddingModel>> embedding() {
        return embeddings.list();
    }

    @GET
    @Path("/embeddings")
    @Operation(summary = "The same list under the contract's newer name")
    public Uni<List<EmbeddingModel>> embeddings() {
        return embeddings.list();
    }
}
