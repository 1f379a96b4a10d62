package dev.engram.agent.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.net.URI;
import java.time.Duration;

/** Ready only when memory-service, which holds every agent's memory, is ready itself. */
@Readiness
@ApplicationScoped
public class MemoryServiceReadiness implements AsyncHealthCheck {

    private final WebClient client;
    private final URI base;

    public MemoryServiceReadiness(Vertx vertx, @ConfigProperty(name = "quarkus.rest-client.memory.url") String url) {
        this.client = WebClient.create(vertx);
        this.base = URI.create(url);
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        int port = base.getPort() > 0 ? base.getPort() : 80;
        return client.get(port, base.getHost(), "/q/health/ready").send()
                .ifNoItem().after(Duration.ofSeconds(2)).fail()
                .map(r -> HealthCheckResponse.named("memory-service").status(r.statusCode() == 200).withData("url", base.toString()).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("memory-service").down()
                        .withData("url", base.toString()).withData("error", String.valueOf(e.getMessage())).build());
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
