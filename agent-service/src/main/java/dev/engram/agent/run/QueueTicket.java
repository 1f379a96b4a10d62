package dev.engram.agent.run;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A request's place in its agent's queue. */
@Entity
@Table(name = "agent_queue")
public class QueueTicket extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long ticket;
    @Column(name = "agent_id")
    public String agentId;
    @Column(name = "run_id")
    public String runId;
    public String holder;
    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;
    @Column(name = "created_at")
    public Instant createdAt;
}
