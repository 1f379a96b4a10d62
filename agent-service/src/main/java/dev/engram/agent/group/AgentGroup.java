package dev.engram.agent.group;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A multi-agent group of one organization; the fields of manager types other than its own are null. */
@Entity
@Table(name = "agent_groups")
public class AgentGroup extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "organization_id")
    public String organizationId;
    @Column(name = "manager_type")
    public String managerType;
    public String description;
    @Column(name = "project_id")
    public String projectId;
    public Boolean hidden;
    @Column(name = "manager_agent_id")
    public String managerAgentId;
    @Column(name = "termination_token")
    public String terminationToken;
    @Column(name = "max_turns")
    public Integer maxTurns;
    @Column(name = "sleeptime_agent_frequency")
    public Integer sleeptimeAgentFrequency;
    @Column(name = "turns_counter")
    public Integer turnsCounter;
    @Column(name = "last_processed_message_id")
    public String lastProcessedMessageId;
    @Column(name = "max_message_buffer_length")
    public Integer maxMessageBufferLength;
    @Column(name = "min_message_buffer_length")
    public Integer minMessageBufferLength;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "created_by_id")
    public String createdById;
    @Column(name = "last_updated_by_id")
    public String lastUpdatedById;
}
