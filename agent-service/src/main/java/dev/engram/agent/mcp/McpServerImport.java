package dev.engram.agent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.tool.ToolEntity;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The {@code mcp_servers} of an Agent File. A server whose name the organization already has is that server, unchanged
 * (its URL, token and headers stay the organization's); any other is registered from the file, without secrets (an
 * Agent File carries none: set the token or headers afterwards), and its tools are listed as on any registration.
 * A stdio server where stdio is disabled is left out, with its tools.
 */
@ApplicationScoped
public class McpServerImport {

    private static final Logger LOG = Logger.getLogger(McpServerImport.class);

    private final McpServerService service;
    private final McpServerRepository servers;

    public McpServerImport(McpServerService service, McpServerRepository servers) {
        this.service = service;
        this.servers = servers;
    }

    /**
     * The file's servers, by file id, as this organization's servers; {@code undo} is handed a description and a
     * removal for each server this created.
     */
    public Uni<Map<String, McpServerEntity>> servers(Actor actor, JsonNode list, BiConsumer<String, java.util.function.Supplier<Uni<?>>> undo) {
        Map<String, McpServerEntity> out = new LinkedHashMap<>();
        if (list == null || !list.isArray() || list.isEmpty()) {
            return Uni.createFrom().item(out);
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            String path = "mcp_servers[" + i + "] (" + s.path("id").asText() + ")";
            chain = chain.chain(() -> one(actor, s, path, undo).invoke(server -> {
                if (server != null) {
                    out.put(s.get("id").asText(), server);
                }
            }).replaceWithVoid());
        }
        return chain.replaceWith(out);
    }

    private Uni<McpServerEntity> one(Actor actor, JsonNode s, String path, BiConsumer<String, java.util.function.Supplier<Uni<?>>> undo) {
        String name = s.path("server_name").asText(null);
        if (name == null || name.isBlank()) {
            return Uni.createFrom().failure(ApiException.unprocessable(path + ".server_name: Field required"));
        }
        return Panache.withSession(() -> servers.byName(actor.organizationId(), name)).chain(existing -> {
            if (existing != null) {
                LOG.infof("agent file import: MCP server %s is the organization's own (%s), unchanged", name, existing.id);
                return Uni.createFrom().item(existing);
            }
            McpServerSpec spec;
            try {
                spec = spec(s, name, path);
            } catch (ApiException e) {
                return Uni.createFrom().failure(e);
            }
            if (spec == null) {
                return Uni.createFrom().nullItem();
            }
            return Uni.createFrom().deferred(() -> service.create(actor, spec))
                    .invoke(created -> undo.accept("MCP server " + created.id, () -> service.delete(actor, created.id)))
                    .onFailure(e -> e instanceof ApiException x && x.status() == 400 && spec.type() == McpServerType.STDIO)
                    .recoverWithItem(e -> {
                        LOG.infof("agent file import: stdio MCP server %s left out: %s", name, e.getMessage());
                        return null;
                    })
                    .onFailure(ApiException.class).transform(e -> new ApiException(((ApiException) e).status(),
                            "Import failed at " + path + ": " + ((ApiException) e).detail() + "; nothing was imported"));
        });
    }

    /** The server's settings from the file: type, URL or stdio command and arguments; no secrets. */
    private static McpServerSpec spec(JsonNode s, String name, String path) {
        JsonNode stdio = s.get("stdio_config");
        String wire = s.path("server_type").asText(stdio != null && stdio.isObject() ? "stdio" : "streamable_http");
        McpServerType type = McpServerType.of(wire);
        if (type == null) {
            throw ApiException.unprocessable(path + ".server_type: Input should be 'sse', 'stdio' or 'streamable_http'");
        }
        if (type == McpServerType.STDIO) {
            if (stdio == null || !stdio.hasNonNull("command")) {
                throw ApiException.unprocessable(path + ".stdio_config.command: Field required");
            }
            List<String> args = new ArrayList<>();
            stdio.path("args").forEach(a -> args.add(a.asText()));
            return McpServerSpec.stdio(name, stdio.get("command").asText(), args, Map.of());
        }
        if (!s.hasNonNull("server_url")) {
            throw ApiException.unprocessable(path + ".server_url: Field required");
        }
        return McpServerSpec.http(name, type, s.get("server_url").asText(), null, null, null);
    }

    /**
     * A row for an MCP tool of the file whose server did not list it at import (unreachable then): the file's schema
     * and description, owned by {@code server}, refreshed when the server's tools are next synced.
     */
    public static ToolEntity toolRow(JsonNode t, McpServerEntity server, Actor actor) {
        ToolEntity row = new ToolEntity();
        row.id = "tool-" + UUID.randomUUID();
        row.organizationId = actor.organizationId();
        row.name = t.get("name").asText();
        row.toolType = McpToolRows.TYPE;
        row.description = t.hasNonNull("description") ? t.get("description").asText() : null;
        JsonNode schema = t.get("json_schema");
        row.jsonSchema = schema == null || schema.isNull() ? null : schema;
        row.sourceType = "python";
        row.tags = new ArrayList<>(List.of(McpToolSync.TAG_PREFIX + server.serverName));
        ObjectNode metadata = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        metadata.putObject("mcp").put("server_name", server.serverName).put("server_id", server.id);
        row.metadata = metadata;
        row.mcpServerId = server.id;
        row.returnCharLimit = t.path("return_char_limit").canConvertToInt() ? t.get("return_char_limit").asInt() : 50_000;
        row.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        row.updatedAt = row.createdAt;
        row.createdById = actor.userId();
        row.lastUpdatedById = actor.userId();
        return row;
    }

    /** The file id of the server an MCP tool of the file names: by id, else by name among the file's servers. */
    public static String serverOf(JsonNode tool, JsonNode fileServers) {
        JsonNode mcp = tool.path("metadata_").path("mcp");
        if (mcp.hasNonNull("server_id")) {
            return mcp.get("server_id").asText();
        }
        String name = mcp.path("server_name").asText(null);
        if (name == null) {
            for (JsonNode tag : tool.path("tags")) {
                if (tag.asText().startsWith(McpToolSync.TAG_PREFIX)) {
                    name = tag.asText().substring(McpToolSync.TAG_PREFIX.length());
                }
            }
        }
        if (name != null && fileServers != null) {
            for (JsonNode s : fileServers) {
                if (name.equals(s.path("server_name").asText())) {
                    return s.path("id").asText();
                }
            }
        }
        return null;
    }
}
