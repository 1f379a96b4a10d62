package dev.engram.agent.identity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;

/** A block of an identity (the block lives in memory-service: no foreign key; rows of deleted blocks are skipped and removed). */
@Entity
@Table(name = "identities_blocks")
@IdClass(IdentityBlock.Key.class)
public class IdentityBlock extends PanacheEntityBase {

    @Id
    @Column(name = "identity_id")
    public String identityId;
    @Id
    @Column(name = "block_id")
    public String blockId;
    @Column(name = "created_at")
    public Instant createdAt;

    public record Key(String identityId, String blockId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
