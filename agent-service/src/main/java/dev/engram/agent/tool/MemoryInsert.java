package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Inserts lines into a memory block at a line number. */
@ApplicationScoped
public class MemoryInsert implements Tool {

    private final MemoryEdits edits;

    public MemoryInsert(MemoryEdits edits) {
        this.edits = edits;
    }

    @Override
    public String name() {
        return "memory_insert";
    }

    @Override
    public String type() {
        return "letta_sleeptime_core";
    }

    @Override
    public String description() {
        return "Insert text into a memory block as new lines. Returns the block's new value.";
    }

    @Override
    public ObjectNode parameters() {
        return Schemas.object()
                .string("label", "Label of the block to edit.", true)
                .string("new_string", "Text to insert, without line-number prefixes.", true)
                .integer("insert_line", "Line after which to insert: 0 for the top, -1 (default) for the end.", false)
                .build();
    }

    @Override
    public boolean changesMemory() {
        return true;
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        Args a = new Args(name(), call.arguments());
        Integer line = a.optionalInt("insert_line");
        return edits.apply(call, a.string("label"), "insert", a.string("new_string"), null, null, line == null ? -1 : line);
    }
}
