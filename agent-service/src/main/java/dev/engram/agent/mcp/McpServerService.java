package dev.engram.agent.mcp;

import dev.engram.agent.db.UniqueViolations;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.tool.ToolEntity;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The MCP servers of an organization: registered (their tools saved as rows right away, when the server answers),
 * changed, removed with their tools. Names are unique in an organization.
 */
@ApplicationScoped
public class McpServerService {

    private final McpServerRepository servers;
    private final McpToolRows rows;
    private final McpToolSync sync;
    private final McpConfig config;
    private final McpConnector connector;

    public McpServerService(McpServerRepository servers, McpToolRows rows, McpToolSync sync, McpConfig config, McpConnector connector) {
        this.servers = servers;
        this.rows = rows;
        this.sync = sync;
        this.config = config;
        this.connector = connector;
    }

    public Uni<List<McpServerEntity>> list(Actor actor) {
        return Panache.withSession(() -> servers.ofOrganization(actor.organizationId()));
    }

    public Uni<McpServerEntity> get(Actor actor, String id) {
        return Panache.withSession(() -> servers.findInOrg(actor.organizationId(), id))
                .onItem().ifNull().failWith(() -> notFound(id));
    }

    public Uni<McpServerEntity> byName(Actor actor, String name) {
        return Panache.withSession(() -> servers.byName(actor.organizationId(), name))
                .onItem().ifNull().failWith(() -> ApiException.notFound("MCP server " + name + " not found"));
    }

    /** Registers the server, then saves the tools it lists (best effort: an unreachable server is kept, toolless). */
    public Uni<McpServerEntity> create(Actor actor, McpServerSpec spec) {
        McpServerEntity s = draft(actor, spec);
        return connector.checkUrl(s.type(), s.serverUrl).chain(() -> Panache.withTransaction(() -> servers.byName(s.organizationId, s.serverName).chain(existing -> {
                    if (existing != null) {
                        throw duplicate(s.serverName);
                    }
                    return servers.persist(s);
                })))
                // two creates of one name at once: both saw none, the unique constraint stops the second
                .onFailure(UniqueViolations::is).transform(e -> duplicate(s.serverName))
                .call(created -> sync.initial(actor, created));
    }

    /** The server a spec describes, not saved (for connection tests); stdio only where enabled. */
    public McpServerEntity draft(Actor actor, McpServerSpec spec) {
        refuseStdio(spec.type());
        McpServerEntity s = new McpServerEntity();
        s.id = "mcp_server-" + UUID.randomUUID();
        s.organizationId = actor.organizationId();
        s.serverName = requireName(spec.serverName());
        s.serverType = spec.type().wire();
        s.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        s.updatedAt = s.createdAt;
        s.createdById = actor.userId();
        s.lastUpdatedById = actor.userId();
        set(s, spec, true);
        return s;
    }

    /**
     * Applies the given settings; the server's type cannot change. A new name is also written into its tools' tags
     * and metadata, which name the server.
     */
    public Uni<McpServerEntity> update(Actor actor, String id, McpServerSpec patch) {
        // a URL in a patch is an HTTP server's (legacy patches name no type)
        McpServerType urlType = patch.type() != null ? patch.type() : McpServerType.STREAMABLE_HTTP;
        return connector.checkUrl(urlType, patch.serverUrl()).chain(() -> Panache.withTransaction(() -> servers.findInOrg(actor.organizationId(), id)
                .onItem().ifNull().failWith(() -> notFound(id))
                .chain(s -> {
                    if (patch.type() != null && patch.type() != s.type()) {
                        throw ApiException.badRequest("MCP server " + s.serverName + " is a " + s.serverType + " server; its type "
                                + "cannot change to " + patch.type().wire() + " (delete it and create it anew)");
                    }
                    String newName = patch.serverName() == null ? null : requireName(patch.serverName());
                    Uni<Void> nameFree = newName == null || newName.equals(s.serverName) ? Uni.createFrom().voidItem()
                            : servers.byName(s.organizationId, newName).map(other -> {
                                if (other != null) {
                                    throw duplicate(newName);
                                }
                                return null;
                            });
                    return nameFree.chain(() -> {
                        if (newName != null) {
                            s.serverName = newName;
                        }
                        set(s, patch, false);
                        s.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                        s.lastUpdatedById = actor.userId();
                        return rows.ofServer(s.organizationId, s.id).map(tools -> {
                            tools.forEach(t -> renameIn(t, s));
                            return s;
                        });
                    });
                }))).onFailure(UniqueViolations::is).transform(e -> duplicate(patch.serverName()));
    }

    /** Removes the server; its tool rows go with it, and so do their attachments to agents. */
    public Uni<Void> delete(Actor actor, String id) {
        return Panache.withTransaction(() -> servers.findInOrg(actor.organizationId(), id)
                .onItem().ifNull().failWith(() -> notFound(id))
                .chain(s -> servers.delete(s)));
    }

    /** The tool rows of the server, by name. */
    public Uni<List<ToolEntity>> tools(Actor actor, String id) {
        return get(actor, id).chain(s -> Panache.withSession(() -> rows.ofServer(s.organizationId, s.id)));
    }

    public Uni<ToolEntity> tool(Actor actor, String id, String toolId) {
        return get(actor, id).chain(s -> tool(s, toolId));
    }

    /** One tool row of the server; 404 when the server has no such tool. */
    public Uni<ToolEntity> tool(McpServerEntity s, String toolId) {
        return Panache.withSession(() -> rows.ofServer(s.organizationId, s.id, toolId))
                .onItem().ifNull().failWith(() -> ApiException.notFound("Tool " + toolId + " not found for MCP server " + s.id));
    }

    private void refuseStdio(McpServerType type) {
        if (type == McpServerType.STDIO && !config.stdioEnabled()) {
            throw McpConnector.stdioDisabled();
        }
    }

    /** Copies the given settings; on create every field, on update only those given. */
    private static void set(McpServerEntity s, McpServerSpec spec, boolean all) {
        if (s.type() == McpServerType.STDIO) {
            if (all || spec.command() != null) {
                s.command = spec.command();
            }
            if (all || spec.args() != null) {
                s.args = spec.args() == null ? new ArrayList<>() : new ArrayList<>(spec.args());
            }
            if (all || spec.env() != null) {
                s.env = object(spec.env());
            }
            return;
        }
        if (all || spec.serverUrl() != null) {
            s.serverUrl = spec.serverUrl();
        }
        if (all || spec.authToken() != null || spec.authHeader() != null) {
            String token = spec.authToken() != null ? spec.authToken() : s.authToken;
            String header = McpAuth.header(spec.authHeader() != null ? spec.authHeader() : s.authHeader, token);
            s.authHeader = header;
            s.authToken = McpAuth.token(header, spec.authToken() != null ? spec.authToken() : s.authToken);
        }
        if (all || spec.customHeaders() != null) {
            s.customHeaders = object(spec.customHeaders());
        }
    }

    private static ObjectNode object(Map<String, String> values) {
        if (values == null) {
            return null;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        values.forEach(out::put);
        return out;
    }

    private static void renameIn(ToolEntity tool, McpServerEntity s) {
        List<String> tags = new ArrayList<>(tool.tags.stream().filter(t -> !t.startsWith(McpToolSync.TAG_PREFIX)).toList());
        tags.add(McpToolSync.TAG_PREFIX + s.serverName);
        tool.tags = tags;
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.putObject("mcp").put("server_name", s.serverName).put("server_id", s.id);
        tool.metadata = metadata;
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.unprocessable("body.server_name: String should have at least 1 character");
        }
        return name;
    }

    static ApiException notFound(String id) {
        return ApiException.notFound("MCP server " + id + " not found");
    }

    private static ApiException duplicate(String name) {
        return ApiException.conflict("An MCP server named " + name + " already exists");
    }
}
