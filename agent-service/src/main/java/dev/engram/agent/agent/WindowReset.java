package dev.engram.agent.agent;

import dev.engram.agent.loop.Recompiler;
import dev.engram.agent.loop.WindowChanges;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.web.Actor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Letta's reset-messages: the window cleared down to the system message, recompiled; the history stays in recall. */
@ApplicationScoped
public class WindowReset {

    private final MemoryClient memory;
    private final WindowChanges windows;
    private final Recompiler recompiler;

    public WindowReset(MemoryClient memory, WindowChanges windows, Recompiler recompiler) {
        this.memory = memory;
        this.windows = windows;
        this.recompiler = recompiler;
    }

    public Uni<Void> reset(Actor actor, Agent agent) {
        return memory.context(actor, agent.id).chain(ctx -> {
            if (ctx.messages().isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            String system = ctx.messages().getFirst().id();
            MemoryRecords.CommitStep step = new MemoryRecords.CommitStep("reset-" + UUID.randomUUID(), null, List.of(), List.of(),
                    List.of(system), ctx.version(), null);
            return windows.commit(actor, agent.id, step).chain(() -> recompiler.recompile(actor, agent, true, false)).replaceWithVoid();
        });
    }
}
