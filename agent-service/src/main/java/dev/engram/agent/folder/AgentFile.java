package dev.engram.agent.folder;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A file in an agent's context (Letta's FileAgent): open with a visible window, or closed. */
@Entity
@Table(name = "agent_files")
public class AgentFile extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "organization_id")
    public String organizationId;
    @Column(name = "agent_id")
    public String agentId;
    @Column(name = "file_id")
    public String fileId;
    @Column(name = "folder_id")
    public String folderId;
    /** {@code folder_name/file_name}: how the tools and the prompt name the file. */
    @Column(name = "file_name")
    public String fileName;
    @Column(name = "is_open")
    public boolean isOpen;
    @Column(name = "visible_content")
    public String visibleContent;
    @Column(name = "start_line")
    public Integer startLine;
    @Column(name = "end_line")
    public Integer endLine;
    @Column(name = "last_accessed_at")
    public Instant lastAccessedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
