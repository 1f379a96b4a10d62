package dev.engram.agent.folder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.json.JsonText;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A folder (Letta's source): a named set of files of one organization, embedded with one model. */
@Entity
@Table(name = "folders")
public class Folder extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "organization_id")
    public String organizationId;
    public String name;
    public String description;
    public String instructions;
    @Convert(converter = JsonText.class)
    public JsonNode metadata;
    /** The embedding handle; null for a text-only (BM25) folder. */
    public String embedding;
    @Column(name = "embedding_config")
    @Convert(converter = JsonText.class)
    public JsonNode embeddingConfig;
    @Column(name = "embedding_chunk_size")
    public Integer embeddingChunkSize;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "created_by_id")
    public String createdById;
    @Column(name = "last_updated_by_id")
    public String lastUpdatedById;
}
