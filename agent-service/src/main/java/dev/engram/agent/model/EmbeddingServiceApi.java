package dev.engram.agent.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** embedding-service's model list ({@code quarkus.rest-client.embedding.*}). Only {@link EmbeddingModels} calls it. */
@RegisterRestClient(configKey = "embedding")
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface EmbeddingServiceApi {

    /** Read as a tree: the list's shape is embedding-service's to evolve. */
    @GET
    @Path("/models")
    Uni<JsonNode> models();
}
