package dev.engram.memory.passage;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import dev.engram.memory.index.IndexedPassage;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A passage of archival memory: text, tags, time and its vector. */
@Entity
@Table(name = "passages")
public class Passage extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "organization_id")
    public String organizationId;
    /** The archive the passage belongs to (the index partitions passages by it). */
    @Column(name = "archive_id")
    public String archiveId;
    /** The agent that wrote it; null for passages written through the archive routes. */
    @Column(name = "agent_id")
    public String agentId;
    public String text;
    /** Searched with the text, never shown (see CreatePassage#indexContext). */
    @Column(name = "index_context")
    public String indexContext;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> tags = new ArrayList<>();
    /** JSON object as text. */
    public String metadata;
    public byte[] embedding;
    @Column(name = "embedding_handle")
    public String embeddingHandle;
    @Column(name = "embedding_dim")
    public Integer embeddingDim;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "created_by_id")
    public String createdById;

    /** What the index searches and the vector is made of: the text, then its index context. */
    public String searchText() {
        return IndexedPassage.searchText(text, indexContext);
    }
}
