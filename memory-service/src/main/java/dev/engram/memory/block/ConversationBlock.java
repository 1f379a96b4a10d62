package dev.engram.memory.block;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;

/**
 * A conversation's private copy of one of its agent's blocks: within the conversation the copy stands in for the
 * agent's block with the same label. The copy is an ordinary block, attached to no agent.
 */
@Entity
@Table(name = "conversation_blocks")
@IdClass(ConversationBlock.Key.class)
public class ConversationBlock extends PanacheEntityBase {

    @Id
    @Column(name = "conversation_id")
    public String conversationId;
    @Id
    public String label;
    @Column(name = "agent_id")
    public String agentId;
    @Column(name = "organization_id")
    public String organizationId;
    @Column(name = "block_id")
    public String blockId;

    public record Key(String conversationId, String label) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
