package dev.engram.agent.tool.custom;

import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.tool.Tool;
import dev.engram.agent.tool.ToolEntity;
import dev.engram.agent.tool.ToolProvider;
import dev.engram.agent.tool.sandbox.PythonRunner;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Tools written by users ({@code tool_type: custom}): their Python source runs in the sandbox, one process per call. */
@ApplicationScoped
public class CustomTools implements ToolProvider {

    public static final String TYPE = "custom";

    private final PythonRunner runner;
    private final MemoryClient memory;

    public CustomTools(PythonRunner runner, MemoryClient memory) {
        this.runner = runner;
        this.memory = memory;
    }

    @Override
    public Optional<Tool> of(ToolEntity row) {
        return TYPE.equals(row.toolType) ? Optional.of(new SandboxedTool(row, runner, memory)) : Optional.empty();
    }
}
