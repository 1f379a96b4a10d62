package dev.engram.agent.auth;

import java.time.Instant;

/** {@code POST /v1/api-keys}: role defaults to member; no agent_id: every agent; no expires_at: never expires. */
public record CreateApiKey(String name, String role, String agentId, Instant expiresAt, String userId) {
}
