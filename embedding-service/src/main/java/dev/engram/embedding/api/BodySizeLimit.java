package dev.engram.embedding.api;

import dev.engram.embedding.service.EmbeddingConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a body larger than {@code engram.embedding.limits.max-body-size} from its Content-Length, before reading it,
 * with the API's error shape. (Bodies without a length are capped by quarkus.http.limits.max-body-size.)
 */
public class BodySizeLimit {

    private final long maxBytes;

    public BodySizeLimit(EmbeddingConfig config) {
        this.maxBytes = config.limits().maxBodySize().asLongValue();
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<RestResponse<ErrorResponse>> check(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return Optional.empty();
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (bytes <= maxBytes) {
            return Optional.empty();
        }
        return Optional.of(ErrorResponse.with(413, "body: " + bytes + " bytes; at most " + maxBytes + " per request").build());
    }
}
