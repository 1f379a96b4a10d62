package dev.engram.agent.org;

import java.time.Instant;

/** A user of an organization, in Letta's shape. */
public record User(String id, String name, String organizationId, Instant createdAt, Instant updatedAt, boolean isDeleted) {
}
