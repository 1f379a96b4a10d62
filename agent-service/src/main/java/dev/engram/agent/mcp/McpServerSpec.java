package dev.engram.agent.mcp;

import java.util.List;
import java.util.Map;

/**
 * A server's connection settings as a request gives them, whichever of Letta's shapes carried them. Null fields are
 * not given; an update applies only the given ones.
 *
 * @param authHeader    the header that carries {@code authToken} (Authorization when only a token is given)
 * @param customHeaders sent on every request; a header named here wins over {@code authHeader}
 */
public record McpServerSpec(String serverName, McpServerType type, String serverUrl, String authHeader, String authToken,
                            Map<String, String> customHeaders, String command, List<String> args, Map<String, String> env) {

    public static McpServerSpec http(String name, McpServerType type, String url, String authHeader, String authToken,
                                     Map<String, String> customHeaders) {
        return new McpServerSpec(name, type, url, authHeader, authToken, customHeaders, null, null, null);
    }

    public static McpServerSpec stdio(String name, String command, List<String> args, Map<String, String> env) {
        return new McpServerSpec(name, McpServerType.STDIO, null, null, null, null, command, args, env);
    }

    public McpServerSpec named(String name) {
        return new McpServerSpec(name, type, serverUrl, authHeader, authToken, customHeaders, command, args, env);
    }
}
