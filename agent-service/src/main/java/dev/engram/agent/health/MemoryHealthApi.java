package dev.engram.agent.health;

import dev.engram.suite.ServiceTokenHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * memory-service's readiness, through the same client settings as {@link dev.engram.agent.memory.MemoryApi}
 * ({@code quarkus.rest-client.memory.*}: URL, TLS when the suite runs over mTLS, the service token).
 */
@RegisterRestClient(configKey = "memory")
@RegisterClientHeaders(ServiceTokenHeaders.class)
@Path("/q/health")
public interface MemoryHealthApi {

    @GET
    @Path("/ready")
    Uni<Response> ready();
}
