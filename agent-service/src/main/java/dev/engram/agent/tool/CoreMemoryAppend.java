package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Adds a line at the end of a core memory block. */
@ApplicationScoped
public class CoreMemoryAppend implements Tool {

    private final MemoryEdits edits;

    public CoreMemoryAppend(MemoryEdits edits) {
        this.edits = edits;
    }

    @Override
    public String name() {
        return "core_memory_append";
    }

    @Override
    public String type() {
        return "letta_memory_core";
    }

    @Override
    public String description() {
        return "Append text to a core memory block, on a new line. Returns the block's new value.";
    }

    @Override
    public ObjectNode parameters() {
        return Schemas.object()
                .string("label", "Label of the block to edit.", true)
                .string("content", "Text to append. Any Unicode, emoji included.", true)
                .build();
    }

    @Override
    public boolean changesMemory() {
        return true;
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        Args a = new Args(name(), call.arguments());
        return edits.apply(call, a.string("label"), "append", a.string("content"), null, null, null);
    }
}
