package dev.engram.agent.usage;

import java.util.Arrays;

/** What a usage event measures, with the unit of its quantity. */
public enum Meter {
    LLM_STEP("llm_step", "tokens"),
    EMBEDDING("embedding", "tokens"),
    TOOL_EXECUTION("tool_execution", "ms"),
    MCP_CALL("mcp_call", "ms"),
    STORAGE_DAILY("storage_daily", "bytes"),
    ACTIVE_AGENTS_DAILY("active_agents_daily", "agents");

    public final String wire;
    public final String unit;

    Meter(String wire, String unit) {
        this.wire = wire;
        this.unit = unit;
    }

    public static Meter of(String wire) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(wire)).findFirst().orElse(null);
    }
}
