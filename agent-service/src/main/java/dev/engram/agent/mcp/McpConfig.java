package dev.engram.agent.mcp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the connections to MCP servers. */
@ConfigMapping(prefix = "engram.mcp")
public interface McpConfig {

    /**
     * Whether stdio MCP servers may be registered and run. A stdio server is a command this server starts, with this
     * server's rights: off unless the deployment is a single user's ({@code ENGRAM_MCP_STDIO=true}).
     */
    @WithDefault("false")
    boolean stdioEnabled();

    /** How long connecting to a server (the HTTP connection and MCP's initialize handshake) may take. */
    @WithDefault("30s")
    Duration connectTimeout();

    /** How long one request to a connected server (listing its tools, calling one) may take. */
    @WithDefault("60s")
    Duration callTimeout();

    /**
     * Whether server URLs naming loopback, private or link-local addresses (or hosts such as {@code localhost}) are
     * refused. Off by default: a self-hosted server usually reaches its MCP servers on the same machine or network.
     */
    @WithDefault("false")
    boolean blockInternalUrls();
}
