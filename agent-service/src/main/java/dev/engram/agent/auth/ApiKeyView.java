package dev.engram.agent.auth;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * An API key's metadata (never its hash). {@code key}, the whole secret, is present only in the answer to its
 * creation: it cannot be read again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyView(String id, String name, String prefix, String role, String organizationId, String userId,
                         @JsonInclude(JsonInclude.Include.ALWAYS) String agentId,
                         @JsonInclude(JsonInclude.Include.ALWAYS) Instant expiresAt,
                         @JsonInclude(JsonInclude.Include.ALWAYS) Instant lastUsedAt,
                         @JsonInclude(JsonInclude.Include.ALWAYS) Instant revokedAt,
                         Instant createdAt, String key) {

    static ApiKeyView of(ApiKeyRow k) {
        return of(k, null);
    }

    static ApiKeyView of(ApiKeyRow k, String key) {
        return new ApiKeyView(k.id(), k.name(), k.prefix(), k.role().wire(), k.organizationId(), k.userId(), k.agentId(), k.expiresAt(),
                k.lastUsedAt(), k.revokedAt(), k.createdAt(), key);
    }
}
