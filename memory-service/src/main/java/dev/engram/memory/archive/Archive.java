package dev.engram.memory.archive;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A named collection of passages; agents attached to it search it, the agent owning it writes to it. */
@Entity
@Table(name = "archives")
public class Archive extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "organization_id")
    public String organizationId;
    public String name;
    public String description;
    /** The model every passage of the archive is embedded with; null for text-only archives. */
    @Column(name = "embedding_handle")
    public String embeddingHandle;
    /** JSON object as text. */
    public String metadata;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "created_by_id")
    public String createdById;
    @Column(name = "last_updated_by_id")
    public String lastUpdatedById;
}
