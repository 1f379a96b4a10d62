package dev.engram.agent.mcp;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The MCP servers of each organization. */
@ApplicationScoped
public class McpServerRepository implements PanacheRepositoryBase<McpServerEntity, String> {

    /** In the order they were registered. */
    public Uni<List<McpServerEntity>> ofOrganization(String org) {
        return list("organizationId = ?1 order by createdAt, id", org);
    }

    public Uni<McpServerEntity> findInOrg(String org, String id) {
        return find("organizationId = ?1 and id = ?2", org, id).firstResult();
    }

    public Uni<McpServerEntity> byName(String org, String name) {
        return find("organizationId = ?1 and serverName = ?2", org, name).firstResult();
    }
}
