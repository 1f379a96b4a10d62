package dev.engram.memory.block;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;

/** A block attached to an agent under its label (one label per agent). */
@Entity
@Table(name = "block_attachments")
@IdClass(BlockAttachment.Key.class)
public class BlockAttachment extends PanacheEntityBase {

    @Id
    @Column(name = "agent_id")
    public String agentId;
    @Id
    @Column(name = "block_id")
    public String blockId;
    public String label;
    @Column(name = "organization_id")
    public String organizationId;
    /** Attachment order; filled by the database, read in queries only. */
    @Column(name = "position", insertable = false, updatable = false)
    public Long position;
    @Column(name = "created_at")
    public Instant createdAt;

    public record Key(String agentId, String blockId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
