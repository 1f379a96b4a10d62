package dev.engram.agent.web;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses bodies over the limit before reading them, with the usual {@code {"detail"}} shape (the HTTP layer's own
 * limit, {@code quarkus.http.limits.max-body-size}, still catches bodies without a Content-Length).
 */
public class RequestLimits {

    private final long maxBodyBytes;
    private final long maxUploadBytes;

    public RequestLimits(@ConfigProperty(name = "engram.api.max-body-bytes", defaultValue = "1048576") long maxBodyBytes,
                         @ConfigProperty(name = "engram.files.max-upload-bytes", defaultValue = "10485760") long maxUploadBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxUploadBytes = maxUploadBytes;
    }

    static boolean upload(String path) {
        return path.endsWith("/upload") || path.equals("/v1/agents/import") || path.equals("/v1/agents/import/");
    }

    @RouteFilter(100)
    void limitBody(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        // file uploads (to a folder, and Agent Files to import) have their own, larger limit
        long limit = upload(rc.request().path()) ? maxUploadBytes : maxBodyBytes;
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > limit) {
                    rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .putHeader(HttpHeaders.CONNECTION, "close")
                            .end("{\"detail\":\"Request body too large: the limit is " + limit + " bytes\"}");
                    return;
                }
            } catch (NumberFormatException ignored) {
                // let the HTTP layer reject a malformed header
            }
        }
        rc.next();
    }
}
