package dev.engram.agent.tool;

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

/** A tool row: every organization gets the built-in tools, with ids of its own. */
@Entity
@Table(name = "tools")
public class ToolEntity extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "organization_id")
    public String organizationId;
    public String name;
    @Column(name = "tool_type")
    public String toolType;
    public String description;
    @Column(name = "json_schema")
    @Convert(converter = JsonText.class)
    public JsonNode jsonSchema;
    @Column(name = "source_type")
    public String sourceType;
    @Column(name = "source_code")
    public String sourceCode;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> tags = new ArrayList<>();
    @Column(name = "return_char_limit")
    public int returnCharLimit;
    @Column(name = "args_json_schema")
    @Convert(converter = JsonText.class)
    public JsonNode argsJsonSchema;
    @Column(name = "pip_requirements")
    @Convert(converter = JsonText.class)
    public JsonNode pipRequirements;
    @Column(name = "npm_requirements")
    @Convert(converter = JsonText.class)
    public JsonNode npmRequirements;
    /** Letta's metadata_: MCP tools carry {@code {"mcp": {"server_name", "server_id"}}}; a custom tool may carry {@code {"sandbox": {"network": true}}}. */
    @Convert(converter = JsonText.class)
    public JsonNode metadata;
    @Column(name = "enable_parallel_execution")
    public Boolean enableParallelExecution;
    @Column(name = "project_id")
    public String projectId;
    @Column(name = "default_requires_approval")
    public Boolean defaultRequiresApproval;
    /** The MCP server of an external_mcp tool; null for every other kind. */
    @Column(name = "mcp_server_id")
    public String mcpServerId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "created_by_id")
    public String createdById;
    @Column(name = "last_updated_by_id")
    public String lastUpdatedById;
}
