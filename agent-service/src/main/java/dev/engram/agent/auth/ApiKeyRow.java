package dev.engram.agent.auth;

import dev.engram.agent.db.Times;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;

/** One row of {@code agent.api_keys}; the hash stays in the database layer and never reaches a view. */
public record ApiKeyRow(String id, String organizationId, String userId, String name, String prefix, Role role, String agentId,
                        Instant expiresAt, Instant lastUsedAt, Instant revokedAt, Instant createdAt) {

    static final String COLUMNS = "id, organization_id, user_id, name, prefix, role, agent_id, expires_at, last_used_at, revoked_at, created_at";

    static ApiKeyRow of(Row r) {
        return new ApiKeyRow(r.getString("id"), r.getString("organization_id"), r.getString("user_id"), r.getString("name"),
                r.getString("prefix"), Role.of(r.getString("role")), r.getString("agent_id"), Times.get(r, "expires_at"),
                Times.get(r, "last_used_at"), Times.get(r, "revoked_at"), Times.get(r, "created_at"));
    }

    /** Whether the key may be used at {@code now}: not revoked, not expired. */
    public boolean usable(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
