package dev.engram.agent.org;

import java.time.Instant;

/** An organization as Letta shows it. */
public record Organization(String id, String name, Instant createdAt, boolean privilegedTools) {
}
