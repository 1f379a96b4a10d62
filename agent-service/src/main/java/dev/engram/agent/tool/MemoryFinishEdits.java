package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Ends a memory-editing turn. */
@ApplicationScoped
public class MemoryFinishEdits implements Tool {

    @Override
    public String name() {
        return "memory_finish_edits";
    }

    @Override
    public String type() {
        return "letta_sleeptime_core";
    }

    @Override
    public String description() {
        return "Call when you have finished editing memory.";
    }

    @Override
    public ObjectNode parameters() {
        return Schemas.object().build();
    }

    @Override
    public boolean terminal() {
        return true;
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        return Uni.createFrom().item("None");
    }
}
