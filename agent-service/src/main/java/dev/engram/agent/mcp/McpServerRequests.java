package dev.engram.agent.mcp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;

/**
 * Reads Letta's request bodies for MCP servers into {@link McpServerSpec}s: the 1.x shapes ({@code server_name} plus
 * a {@code config} tagged by {@code mcp_server_type}) and the legacy flat configs of {@code /v1/tools/mcp/servers}.
 */
final class McpServerRequests {

    private static final String TAG = "mcp_server_type";
    private static final Set<String> STDIO_FIELDS = Set.of(TAG, "command", "args", "env");
    private static final Set<String> HTTP_FIELDS = Set.of(TAG, "server_url", "auth_header", "auth_token", "custom_headers");

    private McpServerRequests() {
    }

    /** CreateMCPServerRequest: every required field of the tagged config. */
    static McpServerSpec create(JsonNode body) {
        JsonFields request = JsonFields.of(body, "body").only(Set.of("server_name", "config"));
        String name = request.required("server_name");
        JsonFields config = request.object("config");
        McpServerType type = tag(config);
        if (type == McpServerType.STDIO) {
            config.only(STDIO_FIELDS);
            return McpServerSpec.stdio(name, config.required("command"), config.requiredList("args"), config.stringMap("env"));
        }
        config.only(HTTP_FIELDS);
        return http(name, type, config.required("server_url"), config.string("auth_header"), config.string("auth_token"),
                config.stringMap("custom_headers"), config.at("server_url"));
    }

    /** UpdateMCPServerRequest: the config's type must be given; its other fields only when they change. */
    static McpServerSpec update(JsonNode body) {
        JsonFields request = JsonFields.of(body, "body").only(Set.of("server_name", "config"));
        String name = request.string("server_name");
        JsonFields config = request.object("config");
        McpServerType type = tag(config);
        if (type == McpServerType.STDIO) {
            config.only(STDIO_FIELDS);
            return McpServerSpec.stdio(name, config.string("command"), config.stringList("args"), config.stringMap("env"));
        }
        config.only(HTTP_FIELDS);
        String url = config.string("server_url");
        return http(name, type, url, config.string("auth_header"), config.string("auth_token"), config.stringMap("custom_headers"),
                config.at("server_url"));
    }

    /**
     * A legacy server config (StdioServerConfig, SSEServerConfig or StreamableHTTPServerConfig). Without {@code type},
     * a config with a command is stdio and one with a URL is SSE, the first of Letta's union that fits.
     */
    static McpServerSpec legacyConfig(JsonNode body) {
        JsonFields config = JsonFields.of(body, "body");
        String name = config.required("server_name");
        String typeName = config.string("type");
        McpServerType type = typeName != null ? McpServerType.of(typeName)
                : config.has("command") || !config.has("server_url") ? McpServerType.STDIO : McpServerType.SSE;
        if (type == null) {
            throw JsonFields.invalid(config.at("type"), "Input should be 'sse', 'stdio' or 'streamable_http'");
        }
        if (type == McpServerType.STDIO) {
            return McpServerSpec.stdio(name, config.required("command"), config.requiredList("args"), config.stringMap("env"));
        }
        return http(name, type, config.required("server_url"), config.string("auth_header"), config.string("auth_token"),
                config.stringMap("custom_headers"), config.at("server_url"));
    }

    /**
     * A legacy update (UpdateStdioMCPServer, UpdateSSEMCPServer or UpdateStreamableHTTPMCPServer): the SSE shape names
     * its token {@code token}, stdio nests its settings in {@code stdio_config}. The type stays the stored one.
     */
    static McpServerSpec legacyUpdate(JsonNode body) {
        JsonFields update = JsonFields.of(body, "body")
                .only(Set.of("server_name", "server_url", "token", "auth_header", "auth_token", "custom_headers", "stdio_config"));
        String name = update.string("server_name");
        if (update.has("stdio_config") && !body.get("stdio_config").isNull()) {
            JsonFields stdio = update.object("stdio_config");
            return McpServerSpec.stdio(name, stdio.required("command"), stdio.requiredList("args"), stdio.stringMap("env"));
        }
        String token = update.string("auth_token") != null ? update.string("auth_token") : update.string("token");
        return http(name, null, update.string("server_url"), update.string("auth_header"), token, update.stringMap("custom_headers"),
                update.at("server_url"));
    }

    private static McpServerType tag(JsonFields config) {
        if (!config.has(TAG)) {
            throw JsonFields.invalid(config.path(), "Unable to extract tag using discriminator '" + TAG + "'");
        }
        String value = config.string(TAG);
        McpServerType type = McpServerType.of(value);
        if (type == null) {
            throw JsonFields.invalid(config.path(), "Input tag '" + value + "' found using '" + TAG
                    + "' does not match any of the expected tags: 'stdio', 'sse', 'streamable_http'");
        }
        return type;
    }

    private static McpServerSpec http(String name, McpServerType type, String url, String authHeader, String authToken,
                                      Map<String, String> customHeaders, String urlPath) {
        if (url != null) {
            ServerUrls.requireHttp(url, urlPath);
        }
        return McpServerSpec.http(name, type, url, authHeader, authToken, customHeaders);
    }
}
