package dev.engram.agent.tool;

import java.util.List;

/**
 * The filters of Letta's tool list and count: by name(s), ids, a name search, types in or out, and Letta's own tools
 * only or not at all.
 */
public record ToolFilter(String name, List<String> names, List<String> toolIds, String search, List<String> toolTypes,
                         List<String> excludeToolTypes, boolean onlyLettaTools, boolean excludeLettaTools) {

    public static final ToolFilter ALL = new ToolFilter(null, null, null, null, null, null, false, false);

    boolean matches(ToolEntity t) {
        boolean letta = t.toolType != null && t.toolType.startsWith("letta_");
        return (name == null || name.equals(t.name))
                && (names == null || names.isEmpty() || names.contains(t.name))
                && (toolIds == null || toolIds.isEmpty() || toolIds.contains(t.id))
                && (search == null || search.isBlank() || t.name.toLowerCase().contains(search.toLowerCase()))
                && (toolTypes == null || toolTypes.isEmpty() || toolTypes.contains(t.toolType))
                && (excludeToolTypes == null || !excludeToolTypes.contains(t.toolType))
                && (!onlyLettaTools || letta)
                && (!excludeLettaTools || !letta);
    }
}
