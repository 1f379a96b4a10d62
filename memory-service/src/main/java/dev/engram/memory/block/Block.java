package dev.engram.memory.block;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A core memory block as stored. */
@Entity
@Table(name = "blocks")
public class Block extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "organization_id")
    public String organizationId;
    public String label;
    public String value;
    @Column(name = "char_limit")
    public int limit;
    public String description;
    @Column(name = "read_only")
    public boolean readOnly;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> metadata = new LinkedHashMap<>();
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> tags = new ArrayList<>();
    public Boolean hidden;
    @Column(name = "project_id")
    public String projectId;
    @Column(name = "is_template")
    public boolean template;
    @Column(name = "template_name")
    public String templateName;
    @Column(name = "template_id")
    public String templateId;
    @Column(name = "base_template_id")
    public String baseTemplateId;
    @Column(name = "deployment_id")
    public String deploymentId;
    @Column(name = "entity_id")
    public String entityId;
    @Column(name = "preserve_on_migration")
    public Boolean preserveOnMigration;
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "created_by_id")
    public String createdById;
    @Column(name = "last_updated_by_id")
    public String lastUpdatedById;
}
