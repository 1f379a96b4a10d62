package dev.engram.memory.passage;

import dev.engram.memory.message.ArchivalStats;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Archival counts for the memory metadata, from PostgreSQL (the index may lag). */
@ApplicationScoped
public class PassageStats implements ArchivalStats {

    private final PassageRepository passages;

    public PassageStats(PassageRepository passages) {
        this.passages = passages;
    }

    @Override
    public Uni<Stats> of(String organizationId, String agentId) {
        return passages.countOf(organizationId, agentId)
                .chain(count -> count == 0 ? Uni.createFrom().item(new Stats(0, java.util.List.of()))
                        : passages.tagsOf(organizationId, agentId).map(tags -> new Stats(count, tags)));
    }
}
