package dev.engram.agent.mcp;

import java.util.List;

/** Letta's MCPServerResyncResult: what a refresh changed among a server's tool rows, by tool name. */
public record ResyncResult(List<String> deleted, List<String> updated, List<String> added) {
}
