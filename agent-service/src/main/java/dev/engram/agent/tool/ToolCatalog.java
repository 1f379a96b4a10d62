package dev.engram.agent.tool;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.List;
import java.util.Optional;

/** The runnable tool behind a stored tool row, whatever its kind (built-in, custom, MCP). */
@ApplicationScoped
public class ToolCatalog {

    private final List<ToolProvider> providers;

    public ToolCatalog(Instance<ToolProvider> providers) {
        this.providers = providers.stream().toList();
    }

    public Optional<Tool> executable(ToolEntity row) {
        for (ToolProvider p : providers) {
            Optional<Tool> tool = p.of(row);
            if (tool.isPresent()) {
                return tool;
            }
        }
        return Optional.empty();
    }
}
