package dev.engram.agent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.json.JsonText;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A registered MCP server of an organization: an HTTP endpoint (streamable HTTP or SSE) or a stdio command. */
@Entity
@Table(name = "mcp_servers")
public class McpServerEntity extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "organization_id")
    public String organizationId;
    @Column(name = "server_name")
    public String serverName;
    /** {@link McpServerType#wire()}. */
    @Column(name = "server_type")
    public String serverType;
    @Column(name = "server_url")
    public String serverUrl;
    @Column(name = "auth_header")
    public String authHeader;
    /** As given, without a {@code Bearer } prefix when the header is Authorization (the prefix is added on sending). */
    @Column(name = "auth_token")
    public String authToken;
    @Column(name = "custom_headers")
    @Convert(converter = JsonText.class)
    public JsonNode customHeaders;
    public String command;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> args = new ArrayList<>();
    @Convert(converter = JsonText.class)
    public JsonNode env;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "created_by_id")
    public String createdById;
    @Column(name = "last_updated_by_id")
    public String lastUpdatedById;

    public McpServerType type() {
        return McpServerType.of(serverType);
    }
}
