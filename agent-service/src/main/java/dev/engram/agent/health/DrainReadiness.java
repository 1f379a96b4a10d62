package dev.engram.agent.health;

import dev.engram.agent.run.Drain;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready once the replica is stopping, so that a load balancer sends it nothing new while its runs hand over. */
@Readiness
@ApplicationScoped
public class DrainReadiness implements HealthCheck {

    private final Drain drain;

    public DrainReadiness(Drain drain) {
        this.drain = drain;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("shutdown").status(!drain.started()).withData("runs", drain.running()).build();
    }
}
