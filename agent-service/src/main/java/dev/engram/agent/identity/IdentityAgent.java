package dev.engram.agent.identity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;

/** An agent of an identity. */
@Entity
@Table(name = "identities_agents")
@IdClass(IdentityAgent.Key.class)
public class IdentityAgent extends PanacheEntityBase {

    @Id
    @Column(name = "identity_id")
    public String identityId;
    @Id
    @Column(name = "agent_id")
    public String agentId;
    @Column(name = "created_at")
    public Instant createdAt;

    public record Key(String identityId, String agentId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
