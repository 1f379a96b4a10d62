package dev.engram.agent.quota;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Requests per minute per organization: a token bucket in PostgreSQL, shared by every replica. */
@ApplicationScoped
public class RateLimiter {

    private final QuotaRepository repository;

    public RateLimiter(QuotaRepository repository) {
        this.repository = repository;
    }

    /** Takes one request of the organization's rate; fails with a 429 (with Retry-After) when there is none left. */
    public Uni<Void> take(String org, OrgLimits limits) {
        double perSecond = limits.requestsPerMinute() / 60.0;
        return repository.take(org, limits.capacity(), perSecond).map(wait -> {
            if (wait > 0) {
                throw QuotaExceeded.tooMany("Rate limit exceeded: " + limits.requestsPerMinute() + " requests per minute for organization "
                        + org, wait);
            }
            return null;
        });
    }
}
