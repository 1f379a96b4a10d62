package dev.engram.agent.quota;

import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.web.Actor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Archival passages per organization: an insert beyond {@code storage_passages} is refused with 402. */
@ApplicationScoped
public class StorageQuota {

    private final Limits limits;
    private final MemoryClient memory;

    public StorageQuota(Limits limits, MemoryClient memory) {
        this.limits = limits;
        this.memory = memory;
    }

    /** Before inserting {@code count} passages for the actor's organization. */
    public Uni<Void> beforeInsert(Actor actor, int count) {
        String org = actor.organizationId();
        return limits.of(org).chain(l -> l.storagePassages() == null ? Uni.createFrom().voidItem()
                : memory.countPassages(actor).invoke(stored -> {
                    if (stored + count > l.storagePassages()) {
                        throw QuotaExceeded.budget("Insufficient storage: organization " + org + " may keep " + l.storagePassages()
                                + " archival passages and keeps " + stored);
                    }
                }).replaceWithVoid());
    }
}
