package dev.engram.agent.conversation;

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

/** A conversation: its own thread on one agent. Its window and isolated blocks live in memory-service. */
@Entity
@Table(name = "conversations")
public class Conversation extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "organization_id")
    public String organizationId;
    @Column(name = "agent_id")
    public String agentId;
    public String summary;
    public String model;
    @Column(name = "model_settings")
    @Convert(converter = JsonText.class)
    public JsonNode modelSettings;
    @Column(name = "isolated_block_ids")
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> isolatedBlockIds = new ArrayList<>();
    @Column(name = "last_message_at")
    public Instant lastMessageAt;
    @Column(name = "last_run_completion")
    public Instant lastRunCompletion;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "created_by_id")
    public String createdById;
    @Column(name = "last_updated_by_id")
    public String lastUpdatedById;
}
