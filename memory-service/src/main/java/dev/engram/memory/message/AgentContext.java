package dev.engram.memory.message;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The ordered ids of the messages in an agent's context window; the first is the system message. */
@Entity
@Table(name = "agent_contexts")
public class AgentContext extends PanacheEntityBase {

    @Id
    @Column(name = "agent_id")
    public String agentId;
    @Column(name = "organization_id")
    public String organizationId;
    @Column(name = "message_ids")
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> messageIds = new ArrayList<>();
    public long version;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
