package dev.engram.agent.memory;

import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Actor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one way into memory-service: timeouts, retries with backoff (safe, since every mutating call carries an
 * idempotency key) and a circuit breaker, so that a memory-service outage is a quick 503, never a hang.
 */
@ApplicationScoped
@Timeout(value = 30, unit = ChronoUnit.SECONDS)
@Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = MemoryUnavailable.class)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 3000, failOn = MemoryUnavailable.class)
public class MemoryClient {

    private final MemoryApi api;

    public MemoryClient(@RestClient MemoryApi api) {
        this.api = api;
    }

    public Uni<Block> createBlock(Actor actor, String key, Object body) {
        return call(() -> api.createBlock(actor.organizationId(), actor.userId(), key, body));
    }

    public Uni<List<Block>> listBlocks(Actor actor, MultivaluedMap<String, String> query) {
        return call(() -> api.listBlocks(actor.organizationId(), query));
    }

    public Uni<Long> countBlocks(Actor actor, MultivaluedMap<String, String> query) {
        return call(() -> api.countBlocks(actor.organizationId(), query));
    }

    public Uni<Block> getBlock(Actor actor, String id) {
        return call(() -> api.getBlock(actor.organizationId(), id));
    }

    public Uni<Block> updateBlock(Actor actor, String key, String id, Object body) {
        return call(() -> api.updateBlock(actor.organizationId(), actor.userId(), key, id, body));
    }

    public Uni<Void> deleteBlock(Actor actor, String key, String id) {
        return call(() -> api.deleteBlock(actor.organizationId(), actor.userId(), key, id)).replaceWithVoid();
    }

    /** Turns transport failures into {@link MemoryUnavailable}; API errors pass through as they are. */
    private static <T> Uni<T> call(Supplier<Uni<? extends T>> request) {
        return Uni.createFrom().deferred(request).onFailure().transform(MemoryClient::translate);
    }

    static Throwable translate(Throwable failure) {
        if (failure instanceof ApiException) {
            return failure;
        }
        if (failure instanceof ProcessingException || failure instanceof java.net.ConnectException
                || failure instanceof io.vertx.core.VertxException || failure instanceof java.io.IOException) {
            return new MemoryUnavailable("memory-service is unavailable: " + rootMessage(failure));
        }
        return failure;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
