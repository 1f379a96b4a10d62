package dev.engram.agent.audit;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** One administrative action: who (organization, user) did what to which target, with details. */
public record AuditEntry(String id, String organizationId, String actorUserId, String action, String targetType, String targetId,
                         JsonNode details, Instant createdAt) {
}
