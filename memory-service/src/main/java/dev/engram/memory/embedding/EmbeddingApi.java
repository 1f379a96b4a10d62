package dev.engram.memory.embedding;

import dev.engram.memory.web.ApiException;
import dev.engram.suite.ServiceTokenHeaders;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** embedding-service's OpenAI-compatible API as this service uses it. Only {@link EmbeddingClient} calls it. */
@RegisterRestClient(configKey = "embedding")
@RegisterClientHeaders(ServiceTokenHeaders.class)
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface EmbeddingApi {

    @POST
    @Path("/embeddings")
    Uni<Response> embed(Request request);

    record Request(List<String> input, String model) {
    }

    record Result(List<Item> data) {
        public record Item(int index, float[] embedding) {
        }
    }

    record ErrorBody(String detail) {
    }

    /** A client error (bad handle, unconfigured provider) is the caller's; anything else means "unavailable". */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        String detail = null;
        try {
            detail = response.readEntity(ErrorBody.class).detail();
        } catch (RuntimeException ignored) {
            // not our error shape
        }
        int status = response.getStatus();
        // 401: the two services disagree on the service token (ENGRAM_SERVICE_TOKEN), never the caller's fault
        if (status >= 400 && status < 500 && status != 401 && status != 408 && status != 429) {
            return new ApiException(status, "embedding: " + (detail == null ? "embedding-service answered " + status : detail));
        }
        return new EmbeddingUnavailable("embedding-service answered " + status + (detail == null ? "" : ": " + detail));
    }
}
