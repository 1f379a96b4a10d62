package dev.engram.memory.passage;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Index work written with the passage change it stems from; deleted once the index holds it. */
@Entity
@Table(name = "index_outbox")
public class OutboxEntry extends PanacheEntityBase {

    public static final String UPSERT = "upsert";
    public static final String DELETE = "delete";
    public static final String DELETE_AGENT = "delete_agent";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;
    @Column(name = "organization_id")
    public String organizationId;
    @Column(name = "agent_id")
    public String agentId;
    @Column(name = "passage_id")
    public String passageId;
    public String op;
    @Column(name = "needs_embedding")
    public boolean needsEmbedding;
    public int attempts;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_at")
    public Instant createdAt;

    public static OutboxEntry of(String op, String org, String agentId, String passageId, Instant now) {
        OutboxEntry e = new OutboxEntry();
        e.op = op;
        e.organizationId = org;
        e.agentId = agentId;
        e.passageId = passageId;
        e.createdAt = now;
        return e;
    }
}
