package dev.engram.agent.health;

import dev.engram.agent.web.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Letta's {@code GET /v1/health/} (the server version and status) and {@code GET /v1/ready/}: the same answer while
 * the replica is ready — memory-service reachable and ready, the replica not stopping — and a 503 saying which is not.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "health")
public class HealthResource {

    private final String version;
    private final DrainReadiness drain;
    private final MemoryServiceReadiness memory;

    public HealthResource(@ConfigProperty(name = "quarkus.application.version", defaultValue = "0.1.0") String version,
                          @Readiness DrainReadiness drain, @Readiness MemoryServiceReadiness memory) {
        this.version = version;
        this.drain = drain;
        this.memory = memory;
    }

    @GET
    @Path("/health")
    @Operation(summary = "Check the server's health")
    public Health health() {
        return new Health(version, "ok");
    }

    @GET
    @Path("/ready")
    @Operation(summary = "Whether this replica takes requests: 200 as the health check, else 503 naming what is not ready")
    public Uni<Health> ready() {
        HealthCheckResponse stopping = drain.call();
        if (stopping.getStatus() != HealthCheckResponse.Status.UP) {
            throw ApiException.unavailable("Not ready: this replica is stopping");
        }
        return memory.call().map(r -> {
            if (r.getStatus() != HealthCheckResponse.Status.UP) {
                throw ApiException.unavailable("Not ready: memory-service is not ready"
                        + r.getData().flatMap(d -> java.util.Optional.ofNullable(d.get("error"))).map(e -> " (" + e + ")").orElse(""));
            }
            return new Health(version, "ok");
        });
    }

    public record Health(String version, String status) {
    }
}
