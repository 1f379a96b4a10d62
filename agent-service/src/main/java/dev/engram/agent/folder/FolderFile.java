package dev.engram.agent.folder;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A file uploaded to a folder: its metadata, processing status and extracted text. */
@Entity
@Table(name = "folder_files")
public class FolderFile extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String PARSING = "parsing";
    public static final String EMBEDDING = "embedding";
    public static final String COMPLETED = "completed";
    public static final String ERROR = "error";

    @Id
    public String id;
    @Column(name = "organization_id")
    public String organizationId;
    @Column(name = "folder_id")
    public String folderId;
    @Column(name = "file_name")
    public String fileName;
    @Column(name = "original_file_name")
    public String originalFileName;
    @Column(name = "file_type")
    public String fileType;
    @Column(name = "file_size")
    public long fileSize;
    @Column(name = "processing_status")
    public String processingStatus;
    @Column(name = "error_message")
    public String errorMessage;
    @Column(name = "total_chunks")
    public Integer totalChunks;
    @Column(name = "chunks_embedded")
    public Integer chunksEmbedded;
    public String content;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
