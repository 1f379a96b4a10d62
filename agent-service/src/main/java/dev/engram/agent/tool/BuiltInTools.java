package dev.engram.agent.tool;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** The built-in tools: a row of one of Letta's own tool types runs the class of the same name. */
@ApplicationScoped
public class BuiltInTools implements ToolProvider {

    private final ToolRegistry registry;

    public BuiltInTools(ToolRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Optional<Tool> of(ToolEntity row) {
        return row.toolType != null && row.toolType.startsWith("letta_") ? registry.find(row.name) : Optional.empty();
    }
}
