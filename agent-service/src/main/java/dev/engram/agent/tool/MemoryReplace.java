package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Replaces one exact, unique string in a memory block. */
@ApplicationScoped
public class MemoryReplace implements Tool {

    private final MemoryEdits edits;

    public MemoryReplace(MemoryEdits edits) {
        this.edits = edits;
    }

    @Override
    public String name() {
        return "memory_replace";
    }

    @Override
    public String type() {
        return "letta_sleeptime_core";
    }

    @Override
    public String description() {
        return "Replace one exact string in a memory block for a precise edit; old_string must occur exactly once. "
                + "Use an empty new_string to delete. Not for rewriting a whole block. Returns the block's new value.";
    }

    @Override
    public ObjectNode parameters() {
        return Schemas.object()
                .string("label", "Label of the block to edit.", true)
                .string("old_string", "Exact text to replace, whitespace included, without line-number prefixes.", true)
                .string("new_string", "Replacement text, without line-number prefixes.", true)
                .build();
    }

    @Override
    public boolean changesMemory() {
        return true;
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        Args a = new Args(name(), call.arguments());
        return edits.apply(call, a.string("label"), "replace_unique", null, a.string("old_string"), a.string("new_string"), null);
    }
}
