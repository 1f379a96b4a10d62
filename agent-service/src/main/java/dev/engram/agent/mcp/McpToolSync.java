package dev.engram.agent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.tool.ToolEntity;
import dev.engram.agent.tool.ToolService;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A server's tools as tool rows: listed live from the server, then saved ({@code external_mcp}, tagged
 * {@code mcp:<server name>}, {@code metadata_.mcp} naming the server) so that agents attach them like any tool.
 */
@ApplicationScoped
public class McpToolSync {

    private static final Logger LOG = Logger.getLogger(McpToolSync.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String TAG_PREFIX = "mcp:";
    private static final int RETURN_CHAR_LIMIT = 50_000;

    private final McpConnector connector;
    private final McpToolRows rows;
    private final ToolService tools;

    public McpToolSync(McpConnector connector, McpToolRows rows, ToolService tools) {
        this.connector = connector;
        this.rows = rows;
        this.tools = tools;
    }

    /** The tools the server lists now, as Letta's MCPTool with their schema health. */
    public Uni<List<McpToolView>> live(McpServerEntity server, String agentId) {
        return connector.listTools(McpCalls.target(server, Map.of(), agentId))
                .map(listed -> listed.stream().map(t -> McpToolView.of(t, true)).toList());
    }

    /**
     * Brings the server's rows in line with what it lists: rows of tools it no longer has are deleted, changed schemas
     * updated, new tools added (but not those whose schema is INVALID, nor those whose name another kind of tool has).
     */
    public Uni<ResyncResult> refresh(Actor actor, McpServerEntity server, String agentId) {
        return connector.listTools(McpCalls.target(server, Map.of(), agentId))
                .call(() -> tools.ensureBuiltIns(actor.organizationId()))
                .chain(listed -> Panache.withTransaction(() -> apply(actor, server, listed, true)));
    }

    /** Saves the tools of a server just created; a server that cannot be reached is kept, without tools. */
    public Uni<Void> initial(Actor actor, McpServerEntity server) {
        return refresh(actor, server, null)
                .invoke(r -> LOG.infof("MCP server %s: %d tools saved", server.serverName, r.added().size()))
                .onFailure().invoke(e -> LOG.warnf("MCP server %s was created but its tools could not be listed: %s",
                        server.serverName, e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Saves one tool of the server (legacy add_mcp_tool); a tool the server does not list is 404. */
    public Uni<ToolEntity> add(Actor actor, McpServerEntity server, String toolName) {
        return connector.listTools(McpCalls.target(server, Map.of(), null))
                .call(() -> tools.ensureBuiltIns(actor.organizationId()))
                .chain(listed -> {
                    McpSchema.Tool tool = listed.stream().filter(t -> t.name().equals(toolName)).findFirst()
                            .orElseThrow(() -> ApiException.notFound("Tool " + toolName + " not found in MCP server " + server.serverName
                                    + " - available tools: " + listed.stream().map(McpSchema.Tool::name).collect(Collectors.joining(", "))));
                    return Panache.withTransaction(() -> rows.byNames(actor.organizationId(), List.of(toolName)).chain(found -> {
                        ToolEntity existing = found.isEmpty() ? null : found.getFirst();
                        if (existing != null && !McpToolRows.TYPE.equals(existing.toolType)) {
                            throw ApiException.conflict("A tool named " + toolName + " already exists (" + existing.toolType + ")");
                        }
                        ToolEntity row = existing != null ? existing : newRow(actor, toolName);
                        fill(row, actor, server, tool);
                        return existing != null ? Uni.createFrom().item(row) : rows.persist(row);
                    }));
                });
    }

    private Uni<ResyncResult> apply(Actor actor, McpServerEntity server, List<McpSchema.Tool> listed, boolean prune) {
        String org = actor.organizationId();
        Map<String, McpSchema.Tool> byName = listed.stream()
                .collect(Collectors.toMap(McpSchema.Tool::name, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
        return rows.ofServer(org, server.id).chain(own -> rows.byNames(org, byName.keySet()).chain(named -> {
            List<String> deleted = new ArrayList<>();
            List<String> updated = new ArrayList<>();
            List<String> added = new ArrayList<>();
            Uni<Void> work = Uni.createFrom().voidItem();
            Map<String, ToolEntity> ownByName = own.stream().collect(Collectors.toMap(t -> t.name, Function.identity()));
            Map<String, ToolEntity> anyByName = named.stream().collect(Collectors.toMap(t -> t.name, Function.identity()));
            for (ToolEntity row : own) {
                if (prune && !byName.containsKey(row.name)) {
                    deleted.add(row.name);
                    work = work.chain(() -> rows.delete(row));
                }
            }
            for (McpSchema.Tool tool : byName.values()) {
                ToolEntity mine = ownByName.get(tool.name());
                ToolEntity other = anyByName.get(tool.name());
                if (mine != null) {
                    JsonNode before = mine.jsonSchema;
                    fill(mine, actor, server, tool);
                    if (!mine.jsonSchema.equals(before)) {
                        updated.add(tool.name());
                    }
                } else if (other != null && !McpToolRows.TYPE.equals(other.toolType)) {
                    LOG.warnf("MCP tool %s of server %s is not saved: a %s tool has that name", tool.name(), server.serverName,
                            other.toolType);
                } else if (SchemaHealth.of(McpSchemas.parameters(McpToolView.tree(tool.inputSchema()))).invalid()) {
                    LOG.warnf("MCP tool %s of server %s is not saved: its input schema is INVALID", tool.name(), server.serverName);
                } else if (other != null) {
                    fill(other, actor, server, tool); // another server's tool of that name: the newest registration wins
                    added.add(tool.name());
                } else {
                    ToolEntity row = newRow(actor, tool.name());
                    fill(row, actor, server, tool);
                    added.add(tool.name());
                    work = work.chain(() -> rows.persist(row).replaceWithVoid());
                }
            }
            return work.map(v -> new ResyncResult(deleted, updated, added));
        }));
    }

    private static ToolEntity newRow(Actor actor, String name) {
        ToolEntity row = new ToolEntity();
        row.id = "tool-" + UUID.randomUUID();
        row.organizationId = actor.organizationId();
        row.name = name;
        row.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        row.createdById = actor.userId();
        row.returnCharLimit = RETURN_CHAR_LIMIT;
        return row;
    }

    /** The row as the server's tool makes it now; timestamps move only when something changed. */
    private static void fill(ToolEntity row, Actor actor, McpServerEntity server, McpSchema.Tool tool) {
        ObjectNode schema = jsonSchema(tool);
        ObjectNode metadata = JSON.objectNode();
        metadata.putObject("mcp").put("server_name", server.serverName).put("server_id", server.id);
        List<String> tags = List.of(TAG_PREFIX + server.serverName);
        boolean changed = row.jsonSchema == null || !schema.equals(row.jsonSchema) || !metadata.equals(row.metadata)
                || !tags.equals(row.tags) || !server.id.equals(row.mcpServerId);
        if (!changed) {
            return;
        }
        row.toolType = McpToolRows.TYPE;
        row.description = tool.description();
        row.jsonSchema = schema;
        row.sourceType = "python";
        row.sourceCode = null;
        row.tags = new ArrayList<>(tags);
        row.metadata = metadata;
        row.mcpServerId = server.id;
        row.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        row.lastUpdatedById = actor.userId();
    }

    /**
     * The row's json_schema: {@code {name, description, parameters}} plus the schema's health under Letta's keys
     * {@code mcp:SCHEMA_STATUS} and {@code mcp:SCHEMA_WARNINGS}. No request_heartbeat: the loop adds it per request.
     */
    static ObjectNode jsonSchema(McpSchema.Tool tool) {
        ObjectNode parameters = McpSchemas.parameters(McpToolView.tree(tool.inputSchema()));
        SchemaHealth health = SchemaHealth.of(parameters);
        ObjectNode schema = JSON.objectNode();
        schema.put("name", tool.name());
        if (tool.description() == null) {
            schema.putNull("description");
        } else {
            schema.put("description", tool.description());
        }
        schema.set("parameters", parameters);
        schema.put(TAG_PREFIX + "SCHEMA_STATUS", health.status());
        com.fasterxml.jackson.databind.node.ArrayNode warnings = schema.putArray(TAG_PREFIX + "SCHEMA_WARNINGS");
        health.reasons().forEach(warnings::add);
        return schema;
    }
}
