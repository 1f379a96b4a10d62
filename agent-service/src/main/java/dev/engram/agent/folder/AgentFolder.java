package dev.engram.agent.folder;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;

/** A folder attached to an agent. */
@Entity
@Table(name = "agent_folders")
@IdClass(AgentFolder.Key.class)
public class AgentFolder extends PanacheEntityBase {

    @Id
    @Column(name = "agent_id")
    public String agentId;
    @Id
    @Column(name = "folder_id")
    public String folderId;
    @Column(name = "created_at")
    public Instant createdAt;

    public record Key(String agentId, String folderId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
