package dev.engram.agent.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.suite.ServiceTokenHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** embedding-service ({@code quarkus.rest-client.embedding.*}): its model list, and embeddings for tool search. */
@RegisterRestClient(configKey = "embedding")
@RegisterClientHeaders(ServiceTokenHeaders.class)
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface EmbeddingServiceApi {

    /** Read as a tree: the list's shape is embedding-service's to evolve. */
    @GET
    @Path("/models")
    Uni<JsonNode> models();

    /** OpenAI's embeddings call: {@code {"input": [...], "model": ...}} → {@code {"data": [{"embedding": [...]}]}}. */
    @POST
    @Path("/embeddings")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<JsonNode> embeddings(JsonNode body);
}
