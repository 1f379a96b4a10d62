package dev.engram.memory.embedding;

import dev.engram.memory.web.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The one way into embedding-service: a timeout, one retry and a circuit breaker, so that an outage costs a search
 * little time. Every failure that is not the caller's fault is reported as {@link EmbeddingUnavailable}.
 */
@ApplicationScoped
public class EmbeddingClient {

    private final Embedder embedder;

    public EmbeddingClient(Embedder embedder) {
        this.embedder = embedder;
    }

    /** The vectors of the texts with the model {@code handle}, in order. */
    public Uni<List<float[]>> embed(String handle, List<String> texts) {
        return embedder.embed(handle, texts).onFailure().transform(EmbeddingClient::translate);
    }

    static Throwable translate(Throwable failure) {
        if (failure instanceof ApiException || failure instanceof EmbeddingUnavailable) {
            return failure;
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return new EmbeddingUnavailable("embedding-service is unavailable (circuit open)");
        }
        if (failure instanceof TimeoutException) {
            return new EmbeddingUnavailable("embedding-service did not answer in time");
        }
        return new EmbeddingUnavailable("embedding-service is unavailable: " + failure.getMessage());
    }

    /** The fault-tolerant call itself (a separate bean so that the interceptors apply). */
    @ApplicationScoped
    public static class Embedder {

        private final EmbeddingApi api;

        public Embedder(@RestClient EmbeddingApi api) {
            this.api = api;
        }

        @Timeout(value = 15, unit = ChronoUnit.SECONDS)
        @Retry(maxRetries = 1, delay = 200, jitter = 100, retryOn = EmbeddingUnavailable.class)
        @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, failOn = EmbeddingUnavailable.class)
        public Uni<List<float[]>> embed(String handle, List<String> texts) {
            return Uni.createFrom().deferred(() -> api.embed(new EmbeddingApi.Request(texts, handle)))
                    .onFailure(f -> !(f instanceof ApiException) && !(f instanceof EmbeddingUnavailable))
                    .transform(f -> new EmbeddingUnavailable("embedding-service is unavailable: " + f.getMessage()))
                    .map(EmbeddingClient.Embedder::vectors);
        }

        private static List<float[]> vectors(Response response) {
            EmbeddingApi.Result result = response.readEntity(EmbeddingApi.Result.class);
            float[][] out = new float[result.data().size()][];
            for (EmbeddingApi.Result.Item item : result.data()) {
                out[item.index()] = item.embedding();
            }
            return List.of(out);
        }
    }
}
