package dev.engram.agent.mcp;

import java.util.List;
import java.util.Map;

/**
 * Where and how to reach one server for one call, with its headers resolved (templates filled in from the calling
 * agent's environment, the agent named in {@code X-Agent-Id}).
 */
record McpTarget(String serverName, McpServerType type, String url, Map<String, String> headers, String command,
                 List<String> args, Map<String, String> env) {

    /** What the server is, for error messages: its URL, or its command line. */
    String describe() {
        return type.http() ? url : String.join(" ", command == null ? List.of() : java.util.stream.Stream.concat(
                java.util.stream.Stream.of(command), args.stream()).toList());
    }
}
