package dev.engram.memory.block;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The change log of blocks. */
@ApplicationScoped
public class BlockHistoryRepository implements PanacheRepositoryBase<BlockHistory, String> {

    /** Changes of one block, oldest first, after the given version. */
    public Uni<List<BlockHistory>> ofBlock(String org, String blockId, long afterVersion, int limit) {
        return find("organizationId = ?1 and blockId = ?2 and version > ?3 order by version", org, blockId, afterVersion)
                .page(0, limit).list();
    }
}
