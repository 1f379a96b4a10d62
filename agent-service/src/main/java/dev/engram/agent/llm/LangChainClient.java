package dev.engram.agent.llm;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/** An {@link LlmClient} over LangChain4j models: timeouts, retries, error mapping and response conversion. */
final class LangChainClient implements LlmClient {

    /**
     * The provider clients enforce the call timeout themselves; this guard, a little later, catches an answer whose
     * headers came in time but whose body never ends (HTTP clients time out the headers only).
     */
    private static final Duration GUARD_GRACE = Duration.ofSeconds(5);

    private final String provider;
    private final String model;
    private final ChatModels models;
    private final CallPolicy policy;

    LangChainClient(String provider, String model, ChatModels models, CallPolicy policy) {
        this.provider = provider;
        this.model = model;
        this.models = models;
        this.policy = policy;
    }

    @Override
    public Uni<LlmResponse> chat(LlmRequest request) {
        LlmRequest resolved = resolve(request);
        Uni<LlmResponse> attempt = Uni.createFrom()
                .item(() -> models.chatModel(resolved).chat(models.chatRequest(resolved)))
                .runSubscriptionOn(policy.blocking())
                .ifNoItem().after(policy.timeout().plus(GUARD_GRACE))
                .failWith(() -> LlmErrors.timeout(provider, policy.timeout()))
                .onFailure().transform(e -> LlmErrors.map(provider, e))
                .map(response -> ChatResponses.of(provider, response, resolved.model()));
        if (policy.maxRetries() == 0) {
            return attempt;
        }
        return attempt.onFailure(LangChainClient::retryable).retry()
                .withBackOff(policy.retryBackoff(), maxBackoff()).atMost(policy.maxRetries());
    }

    @Override
    public Multi<LlmChunk> stream(LlmRequest request) {
        LlmRequest resolved = resolve(request);
        return Multi.createFrom().deferred(() -> {
            // a stream that has emitted something cannot be replayed: only failures before the first chunk are retried
            AtomicBoolean started = new AtomicBoolean();
            Multi<LlmChunk> attempt = Multi.createFrom().<LlmChunk>emitter(emitter -> start(resolved, emitter))
                    .ifNoItem().after(policy.timeout()).failWith(() -> LlmErrors.timeout(provider, policy.timeout()))
                    .onItem().invoke(() -> started.set(true))
                    .onFailure().transform(e -> LlmErrors.map(provider, e));
            if (policy.maxRetries() == 0) {
                return attempt;
            }
            Predicate<Throwable> retry = e -> !started.get() && retryable(e);
            return attempt.onFailure(retry).retry().withBackOff(policy.retryBackoff(), maxBackoff())
                    .atMost(policy.maxRetries());
        });
    }

    private void start(LlmRequest request, MultiEmitter<? super LlmChunk> emitter) {
        StreamBridge bridge = new StreamBridge(emitter, provider, request.model());
        emitter.onCancellation(bridge::cancel);
        try {
            models.streamingModel(request).chat(models.chatRequest(request), bridge);
        } catch (RuntimeException e) {
            emitter.fail(LlmErrors.map(provider, e));
        }
    }

    private LlmRequest resolve(LlmRequest request) {
        return request.model() == null ? request.withModel(model) : request;
    }

    private Duration maxBackoff() {
        return policy.retryBackoff().multipliedBy(1L << Math.min(policy.maxRetries(), 10));
    }

    private static boolean retryable(Throwable error) {
        return error instanceof LlmException e && e.retryable();
    }
}
