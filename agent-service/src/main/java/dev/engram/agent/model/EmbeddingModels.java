package dev.engram.agent.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.web.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.ArrayList;
import java.util.List;

/** The embedding models embedding-service can serve, in Letta's {@code EmbeddingModel} form. */
@ApplicationScoped
public class EmbeddingModels {

    private final EmbeddingServiceApi api;

    public EmbeddingModels(@RestClient EmbeddingServiceApi api) {
        this.api = api;
    }

    public Uni<List<EmbeddingModel>> list() {
        return api.models()
                .onFailure().transform(e -> new ApiException(503, "embedding-service is unavailable: " + e.getMessage()))
                .map(EmbeddingModels::fromListing);
    }

    /** Accepts {@code {"data":[...]}} or a bare array, entries named by {@code id} or {@code handle}. */
    static List<EmbeddingModel> fromListing(JsonNode body) {
        JsonNode entries = body.isArray() ? body : body.path("data");
        List<EmbeddingModel> models = new ArrayList<>();
        for (JsonNode entry : entries) {
            String handle = text(entry, "id", "handle");
            if (handle != null) {
                models.add(of(handle, entry));
            }
        }
        return models;
    }

    private static EmbeddingModel of(String handle, JsonNode entry) {
        int slash = handle.indexOf('/');
        String provider = text(entry, "provider", "provider_name");
        if (provider == null) {
            provider = slash > 0 ? handle.substring(0, slash) : "local";
        }
        String name = slash > 0 ? handle.substring(slash + 1) : handle;
        JsonNode dim = first(entry, "embedding_dim", "dimensions", "dim");
        String endpointType = endpointType(provider);
        return new EmbeddingModel(handle, name, name, endpointType, provider, "embedding", endpointType, null, name,
                dim == null || !dim.canConvertToInt() ? null : dim.asInt(), EmbeddingModel.CHUNK_SIZE,
                EmbeddingModel.BATCH_SIZE, null, null, null);
    }

    /** As agents' embedding_config says it (see {@link dev.engram.agent.agent.ModelConfigs#endpointType}). */
    private static String endpointType(String provider) {
        return dev.engram.agent.agent.ModelConfigs.endpointType(provider);
    }

    private static String text(JsonNode entry, String... names) {
        JsonNode node = first(entry, names);
        return node == null || !node.isTextual() || node.asText().isBlank() ? null : node.asText();
    }

    private static JsonNode first(JsonNode entry, String... names) {
        for (String name : names) {
            JsonNode node = entry.get(name);
            if (node != null && !node.isNull()) {
                return node;
            }
        }
        return null;
    }
}
