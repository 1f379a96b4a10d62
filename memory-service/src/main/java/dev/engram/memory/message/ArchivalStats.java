package dev.engram.memory.message;

import io.smallrye.mutiny.Uni;

import java.util.List;

/** How many passages an agent has in archival memory, and their tags (shown in the memory metadata). */
public interface ArchivalStats {

    record Stats(long count, List<String> tags) {
    }

    Uni<Stats> of(String organizationId, String agentId);
}
