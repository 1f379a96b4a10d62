package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Rewrites a whole memory block (creating it if the agent has none with that label). */
@ApplicationScoped
public class MemoryRethink implements Tool {

    private final MemoryEdits edits;

    public MemoryRethink(MemoryEdits edits) {
        this.edits = edits;
    }

    @Override
    public String name() {
        return "memory_rethink";
    }

    @Override
    public String type() {
        return "letta_sleeptime_core";
    }

    @Override
    public String description() {
        return "Rewrite a memory block completely, e.g. to condense or reorganise it; not for small edits. "
                + "Creates the block if it does not exist. Returns the new value.";
    }

    @Override
    public ObjectNode parameters() {
        return Schemas.object()
                .string("label", "Label of the block to rewrite.", true)
                .string("new_memory", "The block's complete new contents.", true)
                .build();
    }

    @Override
    public boolean changesMemory() {
        return true;
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        Args a = new Args(name(), call.arguments());
        return edits.apply(call, a.string("label"), "rethink", a.string("new_memory"), null, null, null);
    }
}
