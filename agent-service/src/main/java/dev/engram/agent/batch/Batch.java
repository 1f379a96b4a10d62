package dev.engram.agent.batch;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A batch of messages to several agents: one background run each (their ids in {@link BatchRun}). */
@Entity
@Table(name = "batches")
public class Batch extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "organization_id")
    public String organizationId;
    /** running, then completed, failed (every run failed) or cancelled. */
    public String status;
    @Column(name = "callback_url")
    public String callbackUrl;
    @Column(name = "callback_sent_at")
    public Instant callbackSentAt;
    @Column(name = "callback_status_code")
    public Integer callbackStatusCode;
    @Column(name = "callback_error")
    public String callbackError;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "completed_at")
    public Instant completedAt;
    @Column(name = "created_by_id")
    public String createdById;
}
