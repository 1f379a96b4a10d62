package dev.engram.memory.archive;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** An agent attached to an archive; {@code owner} marks the agent's default archive. */
@Entity
@Table(name = "archive_agents")
@IdClass(ArchiveAgent.Key.class)
public class ArchiveAgent extends PanacheEntityBase {

    @Id
    @Column(name = "archive_id")
    public String archiveId;
    @Id
    @Column(name = "agent_id")
    public String agentId;
    @Column(name = "organization_id")
    public String organizationId;
    @Column(name = "is_owner")
    public boolean owner;
    @Column(name = "created_at")
    public Instant createdAt;

    public static class Key implements Serializable {
        public String archiveId;
        public String agentId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(archiveId, k.archiveId) && Objects.equals(agentId, k.agentId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(archiveId, agentId);
        }
    }
}
