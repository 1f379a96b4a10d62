package dev.engram.memory.block;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One change of a block: the value before and after, who made it, why, and the tool call behind it. */
@Entity
@Table(name = "block_history")
public class BlockHistory extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "block_id")
    public String blockId;
    @Column(name = "organization_id")
    public String organizationId;
    public long version;
    public String label;
    @Column(name = "previous_value")
    public String previousValue;
    @Column(name = "new_value")
    public String newValue;
    public String operation;
    public String reason;
    @Column(name = "actor_id")
    public String actorId;
    @Column(name = "agent_id")
    public String agentId;
    @Column(name = "tool_call_id")
    public String toolCallId;
    @Column(name = "created_at")
    public Instant createdAt;
}
