package dev.engram.agent.tool;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;

/** A tool attached to an agent. */
@Entity
@Table(name = "agent_tools")
@IdClass(AgentTool.Key.class)
public class AgentTool extends PanacheEntityBase {

    @Id
    @Column(name = "agent_id")
    public String agentId;
    @Id
    @Column(name = "tool_id")
    public String toolId;
    /** Attachment order; filled by the database. */
    @Column(name = "position", insertable = false, updatable = false)
    public Long position;

    public record Key(String agentId, String toolId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    public static AgentTool of(String agentId, String toolId) {
        AgentTool t = new AgentTool();
        t.agentId = agentId;
        t.toolId = toolId;
        return t;
    }
}
