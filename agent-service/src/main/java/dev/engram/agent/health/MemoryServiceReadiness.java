package dev.engram.agent.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;

/** Ready only when memory-service, which holds every agent's memory, is ready itself. */
@Readiness
@ApplicationScoped
public class MemoryServiceReadiness implements AsyncHealthCheck {

    private final MemoryHealthApi memory;
    private final String url;

    public MemoryServiceReadiness(@RestClient MemoryHealthApi memory, @ConfigProperty(name = "quarkus.rest-client.memory.url") String url) {
        this.memory = memory;
        this.url = url;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        // a 503 (not ready) arrives as a failure, like a refused connection
        return memory.ready()
                .ifNoItem().after(Duration.ofSeconds(2)).fail()
                .map(r -> {
                    int status = r.getStatus();
                    r.close();
                    return HealthCheckResponse.named("memory-service").status(status == 200).withData("url", url).build();
                })
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("memory-service").down()
                        .withData("url", url).withData("error", String.valueOf(e.getMessage())).build());
    }
}
