package dev.engram.embedding.local;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the default local model is loaded, so that no request waits for a model load behind a green probe. */
@Readiness
@ApplicationScoped
public class LocalModelReadiness implements HealthCheck {

    private final LocalProvider local;

    public LocalModelReadiness(LocalProvider local) {
        this.local = local;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("default-embedding-model").status(local.defaultModelReady()).build();
    }
}
