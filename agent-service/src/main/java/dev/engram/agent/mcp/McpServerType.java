package dev.engram.agent.mcp;

/** Letta's MCPServerType: how a server is reached. */
public enum McpServerType {
    STREAMABLE_HTTP("streamable_http"),
    SSE("sse"),
    STDIO("stdio");

    private final String wire;

    McpServerType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean http() {
        return this != STDIO;
    }

    /** The type named on the wire, or null for a name that is none of them. */
    public static McpServerType of(String wire) {
        for (McpServerType t : values()) {
            if (t.wire.equals(wire)) {
                return t;
            }
        }
        return null;
    }
}
