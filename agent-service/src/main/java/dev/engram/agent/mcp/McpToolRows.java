package dev.engram.agent.mcp;

import dev.engram.agent.tool.ToolEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;

/** The tool rows MCP servers' tools are saved as ({@code tool_type external_mcp}, linked by {@code mcp_server_id}). */
@ApplicationScoped
public class McpToolRows implements PanacheRepositoryBase<ToolEntity, String> {

    public static final String TYPE = "external_mcp";

    public Uni<List<ToolEntity>> ofServer(String org, String serverId) {
        return list("organizationId = ?1 and mcpServerId = ?2 order by name", org, serverId);
    }

    public Uni<ToolEntity> ofServer(String org, String serverId, String toolId) {
        return find("organizationId = ?1 and mcpServerId = ?2 and id = ?3", org, serverId, toolId).firstResult();
    }

    /** Rows of any kind with these names: a tool name is unique in an organization. */
    public Uni<List<ToolEntity>> byNames(String org, Collection<String> names) {
        return names.isEmpty() ? Uni.createFrom().item(List.of()) : list("organizationId = ?1 and name in ?2", org, names);
    }
}
