package dev.engram.embedding.api;

import dev.engram.embedding.service.EmbeddingConfig;
import dev.engram.embedding.service.EmbeddingFailure;
import dev.engram.embedding.service.EmbeddingResult;
import dev.engram.embedding.service.EmbeddingService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/v1/embeddings")
@Tag(name = "embeddings")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EmbeddingResource {

    /** Lists the indices of inputs that were cut to fit the model's window; absent when none was. */
    public static final String TRUNCATED_HEADER = "X-Engram-Truncated-Inputs";

    private final EmbeddingService embeddings;
    private final int maxInputs;

    public EmbeddingResource(EmbeddingService embeddings, EmbeddingConfig config) {
        this.embeddings = embeddings;
        this.maxInputs = config.limits().maxInputs();
    }

    @POST
    // runs on the event loop: it only parses, looks up the cache and queues; the model work runs elsewhere
    @Operation(summary = "Create embeddings (OpenAI-compatible)",
            description = "Embeds a string or an array of strings with the named model. Vectors are L2-normalised; "
                    + "inputs longer than the model's window are truncated and listed in " + TRUNCATED_HEADER + ".")
    @APIResponse(responseCode = "200", description = "The vectors, in input order",
            headers = @Header(name = TRUNCATED_HEADER, description = "Comma-separated indices of truncated inputs"),
            content = @Content(schema = @Schema(implementation = EmbeddingResponse.class)))
    @APIResponse(responseCode = "400", description = "Unknown model, or its provider is not configured")
    @APIResponse(responseCode = "413", description = "More than 2048 inputs, or the body is too large")
    @APIResponse(responseCode = "422", description = "An invalid field; the detail names it, e.g. input[3]")
    @APIResponse(responseCode = "429", description = "The model's queue is full; see Retry-After")
    @APIResponse(responseCode = "502", description = "A remote provider failed")
    @APIResponse(responseCode = "503", description = "A remote provider is unavailable; see Retry-After")
    @APIResponse(responseCode = "504", description = "A remote provider timed out")
    public Uni<RestResponse<EmbeddingResponse>> create(@Valid EmbeddingRequest request) {
        if (request == null) {
            throw EmbeddingFailure.invalid("body: a JSON object is required");
        }
        List<String> inputs = Inputs.parse(request.input(), maxInputs);
        VectorEncoding encoding = VectorEncoding.of(request.encodingFormat());
        Uni<EmbeddingResult> result = Uni.createFrom()
                .completionStage(() -> embeddings.embed(request.model(), inputs, request.dimensions()));
        Context requestContext = Vertx.currentContext();
        if (requestContext != null) {
            // build and write the response on the request's event loop, not on the lane that finished last
            result = result.emitOn(task -> requestContext.runOnContext(ignored -> task.run()));
        }
        return result.map(r -> respond(r, encoding));
    }

    private static RestResponse<EmbeddingResponse> respond(EmbeddingResult result, VectorEncoding encoding) {
        List<EmbeddingResponse.Data> data = new ArrayList<>(result.vectors().size());
        for (int i = 0; i < result.vectors().size(); i++) {
            data.add(new EmbeddingResponse.Data(i, encoding.encode(result.vectors().get(i))));
        }
        var usage = new EmbeddingResponse.Usage(result.promptTokens(), result.promptTokens());
        var response = RestResponse.ResponseBuilder.ok(new EmbeddingResponse(data, result.model().toString(), usage));
        if (!result.truncatedIndices().isEmpty()) {
            response.header(TRUNCATED_HEADER,
                    result.truncatedIndices().stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        return response.build();
    }
}
