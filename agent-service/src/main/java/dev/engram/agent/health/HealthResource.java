package dev.engram.agent.health;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Letta's {@code GET /v1/health/}: the server version and status. */
@Path("/v1/health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "health")
public class HealthResource {

    private final String version;

    public HealthResource(@ConfigProperty(name = "quarkus.application.version", defaultValue = "0.1.0") String version) {
        this.version = version;
    }

    @GET
    @Operation(summary = "Check the server's health")
    public Health health() {
        return new Health(version, "ok");
    }

    public record Health(String version, String status) {
    }
}
