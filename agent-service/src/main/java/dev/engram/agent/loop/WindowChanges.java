package dev.engram.agent.loop;

import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.run.RunService;
import dev.engram.agent.web.Actor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Changes to an agent's window made outside a run (reset, a new system prompt, a recompile, a summary on request). A
 * request that gets the agent's turn at once uses the context it read while taking the turn only when that context has
 * the version the last run left behind; such a change first forgets that version, so no request trusts a context read
 * before it.
 */
@ApplicationScoped
public class WindowChanges {

    private final MemoryClient memory;
    private final RunService runs;

    public WindowChanges(MemoryClient memory, RunService runs) {
        this.memory = memory;
        this.runs = runs;
    }

    public Uni<MemoryRecords.CommitResult> commit(Actor actor, String agentId, MemoryRecords.CommitStep step) {
        return runs.forgetContextVersion(agentId).chain(() -> memory.commit(actor, agentId, step));
    }
}
