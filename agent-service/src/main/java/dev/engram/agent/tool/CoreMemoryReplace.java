package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Replaces every occurrence of a text in a core memory block. */
@ApplicationScoped
public class CoreMemoryReplace implements Tool {

    private final MemoryEdits edits;

    public CoreMemoryReplace(MemoryEdits edits) {
        this.edits = edits;
    }

    @Override
    public String name() {
        return "core_memory_replace";
    }

    @Override
    public String type() {
        return "letta_memory_core";
    }

    @Override
    public String description() {
        return "Replace text in a core memory block: every exact occurrence of old_content becomes new_content. "
                + "An empty new_content deletes. Returns the block's new value.";
    }

    @Override
    public ObjectNode parameters() {
        return Schemas.object()
                .string("label", "Label of the block to edit.", true)
                .string("old_content", "Exact text to replace.", true)
                .string("new_content", "Replacement text; empty to delete.", true)
                .build();
    }

    @Override
    public boolean changesMemory() {
        return true;
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        Args a = new Args(name(), call.arguments());
        return edits.apply(call, a.string("label"), "replace_all", null, a.string("old_content"), a.string("new_content"), null);
    }
}
