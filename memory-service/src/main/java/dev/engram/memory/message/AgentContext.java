package dev.engram.memory.message;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordered ids of the messages in one thread's context window; the first is the system message. Each agent has
 * its default thread ({@link #DEFAULT}) and one window per conversation.
 */
@Entity
@Table(name = "agent_contexts")
@IdClass(AgentContext.Key.class)
public class AgentContext extends PanacheEntityBase {

    /** The conversation id of an agent's own thread. */
    public static final String DEFAULT = "default";

    @Id
    @Column(name = "agent_id")
    public String agentId;
    @Id
    @Column(name = "conversation_id")
    public String conversationId;
    @Column(name = "organization_id")
    public String organizationId;
    @Column(name = "message_ids")
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> messageIds = new ArrayList<>();
    public long version;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public record Key(String agentId, String conversationId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
