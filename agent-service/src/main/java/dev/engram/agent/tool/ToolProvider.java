package dev.engram.agent.tool;

import java.util.Optional;

/**
 * Turns a stored tool row into something that runs. One provider per kind of tool: the built-in tools by name, custom
 * tools in the sandbox, MCP tools through their server. {@link ToolCatalog} asks each in turn.
 */
public interface ToolProvider {

    /** The runnable tool for this row, or empty when the row is not of this provider's kind. */
    Optional<Tool> of(ToolEntity row);
}
