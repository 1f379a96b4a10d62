package dev.engram.memory.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.memory.web.ApiException;
import dev.engram.memory.web.Caller;
import dev.engram.memory.web.ErrorResponse;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Runs a mutating call in one transaction, at most once per {@code Idempotency-Key}: the key's result is stored in the
 * same transaction as the change, so a replay (a client retry, an agent step re-run after a crash) returns the first
 * result and applies nothing twice. Client errors (4xx) are remembered too, in their own transaction after the failed
 * one rolled back, so a replay of a rejected edit gets the same rejection.
 */
@ApplicationScoped
public class IdempotencyService {

    /** How long a key is remembered. */
    static final Duration RETENTION = Duration.ofDays(7);

    private final IdempotencyRepository repository;
    private final ObjectMapper json;

    public IdempotencyService(IdempotencyRepository repository, ObjectMapper json) {
        this.repository = repository;
        this.json = json;
    }

    /**
     * @param key         the caller's Idempotency-Key, or null for a plain (non-deduplicated) call
     * @param operation   what is being done, e.g. {@code "POST /v1/blocks"}; part of the request fingerprint
     * @param request     the request body (or parameters) that must match on replay
     */
    public Uni<Outcome> execute(Caller caller, String key, String operation, Object request, Supplier<Uni<Outcome>> work) {
        if (key == null || key.isBlank()) {
            return Panache.withTransaction(work);
        }
        String org = caller.organizationId();
        String fingerprint = fingerprint(operation, request);
        Uni<Outcome> once = Panache.withTransaction(() -> repository.lock(org, key)
                .chain(() -> repository.find(org, key))
                .chain(stored -> stored != null
                        ? Uni.createFrom().item(replay(stored, fingerprint))
                        : work.get().call(outcome -> repository.save(org, key, fingerprint, outcome.status(), write(outcome.body())))));
        return once.onFailure(ApiException.class).recoverWithUni(failure -> {
            ApiException e = (ApiException) failure;
            if (e.status() >= 500 || e instanceof KeyReuse) {
                return Uni.createFrom().failure(e);
            }
            Outcome rejected = new Outcome(e.status(), new ErrorResponse(e.detail()));
            return Panache.withTransaction(() -> repository.lock(org, key)
                    .chain(() -> repository.find(org, key))
                    .chain(stored -> stored != null
                            ? Uni.createFrom().item(replay(stored, fingerprint))
                            : repository.save(org, key, fingerprint, rejected.status(), write(rejected.body())).replaceWith(rejected)));
        });
    }

    @Scheduled(every = "1h", delayed = "10m")
    Uni<Void> forgetOldKeys() {
        return Panache.withTransaction(() -> repository.deleteOlderThan(Instant.now().minus(RETENTION))).replaceWithVoid();
    }

    private Outcome replay(IdempotencyRepository.Stored stored, String fingerprint) {
        if (!stored.fingerprint().equals(fingerprint)) {
            throw new KeyReuse();
        }
        try {
            return new Outcome(stored.status(), stored.body() == null ? null : json.readTree(stored.body()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored idempotent result is not JSON", e);
        }
    }

    private String write(Object body) {
        try {
            return body == null ? null : json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String fingerprint(String operation, Object request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(operation.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(json.writeValueAsBytes(request));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same key was sent with a different request. */
    static final class KeyReuse extends ApiException {
        KeyReuse() {
            super(422, "Idempotency-Key: this key was already used for a different request");
        }
    }
}
