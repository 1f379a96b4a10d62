package dev.engram.agent.tool;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The built-in tools by name. */
@ApplicationScoped
public class ToolRegistry {

    /** Default tools per agent type (Letta 0.16). */
    public static final List<String> LETTA_V1_DEFAULTS = List.of("conversation_search", "memory_insert", "memory_replace");
    public static final List<String> MEMGPT_V2_DEFAULTS = List.of("send_message", "conversation_search", "memory_insert", "memory_replace");
    public static final List<String> MEMGPT_DEFAULTS = List.of("send_message", "conversation_search", "core_memory_append", "core_memory_replace");
    /** What {@code include_multi_agent_tools} attaches (tool_type letta_multi_agent_core). */
    public static final List<String> MULTI_AGENT_TOOLS = List.of(SendMessageToAgentAndWaitForReply.NAME,
            SendMessageToAgentsMatchingTags.NAME, SendMessageToAgentAsync.NAME);

    private final Map<String, Tool> byName = new LinkedHashMap<>();

    public ToolRegistry(Instance<Tool> tools) {
        tools.stream().sorted(java.util.Comparator.comparing(Tool::name)).forEach(t -> byName.put(t.name(), t));
    }

    public Optional<Tool> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<Tool> all() {
        return byName.values();
    }

    public static List<String> defaultsFor(String agentType) {
        return switch (agentType) {
            case "memgpt_v2_agent" -> MEMGPT_V2_DEFAULTS;
            case "memgpt_agent" -> MEMGPT_DEFAULTS;
            default -> LETTA_V1_DEFAULTS;
        };
    }
}
