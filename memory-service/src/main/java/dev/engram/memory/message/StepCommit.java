package dev.engram.memory.message;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;

/** A committed step: its messages and its thread's new window were written together. */
@Entity
@Table(name = "step_commits")
public class StepCommit extends PanacheEntityBase {

    @Id
    @Column(name = "step_id")
    public String stepId;
    @Column(name = "organization_id")
    public String organizationId;
    @Column(name = "agent_id")
    public String agentId;
    @Column(name = "run_id")
    public String runId;
    /** The thread whose window the step moved; null for the agent's default thread. */
    @Column(name = "conversation_id")
    public String conversationId;
    @Column(name = "context_version")
    public long contextVersion;
    @Column(name = "message_ids")
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> messageIds;
    @Column(name = "committed_at")
    public Instant committedAt;
}
