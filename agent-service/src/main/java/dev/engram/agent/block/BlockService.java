package dev.engram.agent.block;

import dev.engram.agent.agent.CoreMemoryService;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.web.Actor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.List;

/** Standalone blocks: the public API over memory-service's block store. */
@ApplicationScoped
public class BlockService {

    private final MemoryClient memory;
    private final CoreMemoryService coreMemory;
    private final dev.engram.agent.identity.IdentityService identities;

    public BlockService(MemoryClient memory, CoreMemoryService coreMemory, dev.engram.agent.identity.IdentityService identities) {
        this.identities = identities;
        this.memory = memory;
        this.coreMemory = coreMemory;
    }

    public Uni<BlockResponse> create(Actor actor, String key, CreateBlock request) {
        return memory.createBlock(actor, key, request).map(BlockResponse::of);
    }

    public Uni<List<BlockResponse>> list(Actor actor, MultivaluedMap<String, String> query) {
        return memory.listBlocks(actor, query).map(l -> l.stream().map(BlockResponse::of).toList());
    }

    public Uni<Long> count(Actor actor, MultivaluedMap<String, String> query) {
        return memory.countBlocks(actor, query);
    }

    public Uni<BlockResponse> get(Actor actor, String id) {
        return memory.getBlock(actor, id).map(BlockResponse::of);
    }

    /** Updates the block and rewrites the system message of every agent using it. */
    public Uni<BlockResponse> update(Actor actor, String key, String id, BlockUpdate request) {
        return memory.updateBlock(actor, key, id, request)
                .call(b -> coreMemory.recompileUsersOf(actor, b))
                .map(BlockResponse::of);
    }

    public Uni<List<BlockHistoryEntry>> history(Actor actor, String id, long afterVersion, int limit) {
        return memory.blockHistory(actor, id, afterVersion, limit).map(l -> l.stream().map(BlockHistoryEntry::of).toList());
    }

    /** Deletes the block in memory-service, then its identities' links to it. */
    public Uni<Void> delete(Actor actor, String key, String id) {
        return memory.deleteBlock(actor, key, id).call(() -> identities.forgetBlock(id));
    }
}
