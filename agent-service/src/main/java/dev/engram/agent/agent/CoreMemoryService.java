package dev.engram.agent.agent;

import dev.engram.agent.block.BlockResponse;
import dev.engram.agent.block.BlockUpdate;
import dev.engram.agent.loop.Recompiler;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.web.Actor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;

/**
 * An agent's core memory through the API. Every change of a block rewrites the system message of every agent that
 * uses the block, right away (shared memory is never stale).
 */
@ApplicationScoped
public class CoreMemoryService {

    private static final Logger LOG = Logger.getLogger(CoreMemoryService.class);

    private final AgentService agents;
    private final AgentRepository agentRows;
    private final AgentViews views;
    private final MemoryClient memory;
    private final Recompiler recompiler;
    private final dev.engram.agent.events.AgentEvents events;

    public CoreMemoryService(AgentService agents, AgentRepository agentRows, AgentViews views, MemoryClient memory, Recompiler recompiler,
                             dev.engram.agent.events.AgentEvents events) {
        this.events = events;
        this.agents = agents;
        this.agentRows = agentRows;
        this.views = views;
        this.memory = memory;
        this.recompiler = recompiler;
    }

    public Uni<List<BlockResponse>> blocks(Actor actor, String agentId) {
        return agents.require(actor, agentId).chain(a -> memory.agentBlocks(actor, a.id))
                .map(l -> l.stream().map(BlockResponse::of).toList());
    }

    public Uni<BlockResponse> block(Actor actor, String agentId, String label) {
        return agents.require(actor, agentId).chain(a -> memory.agentBlock(actor, a.id, label)).map(BlockResponse::of);
    }

    public Uni<BlockResponse> update(Actor actor, String key, String agentId, String label, BlockUpdate update) {
        return agents.require(actor, agentId)
                .chain(a -> memory.agentBlock(actor, a.id, label))
                .chain(b -> memory.updateBlock(actor, key, b.id(), update))
                .call(b -> recompileUsersOf(actor, b))
                .map(BlockResponse::of);
    }

    public Uni<AgentState> attach(Actor actor, String key, String agentId, String blockId, Includes includes) {
        return agents.require(actor, agentId)
                .call(a -> memory.attach(actor, key, a.id, blockId))
                .call(a -> recompiler.recompile(actor, a, false, false))
                .chain(a -> views.state(actor, a, includes));
    }

    public Uni<AgentState> detach(Actor actor, String key, String agentId, String blockId, Includes includes) {
        return agents.require(actor, agentId)
                .call(a -> memory.detach(actor, key, a.id, blockId))
                .call(a -> recompiler.recompile(actor, a, false, false))
                .chain(a -> views.state(actor, a, includes));
    }

    /** Rewrites the system message of every agent using the block, and tells their change feeds. */
    public Uni<Void> recompileUsersOf(Actor actor, dev.engram.agent.memory.Block block) {
        return memory.agentsOfBlock(actor, block.id()).chain(ids -> {
            Uni<Void> chain = events.blockUpdated(actor, ids, block, null);
            for (String id : ids) {
                chain = chain.chain(() -> Panache.withSession(() -> agentRows.findInOrg(actor.organizationId(), id))
                        .chain(a -> a == null ? Uni.createFrom().voidItem() : recompiler.recompile(actor, a, false, false).replaceWithVoid())
                        .onFailure().invoke(e -> LOG.warnf("could not recompile agent %s after a block change: %s", id, e))
                        .onFailure().recoverWithNull());
            }
            return chain;
        });
    }

    static String key() {
        return "api-" + UUID.randomUUID();
    }

}
