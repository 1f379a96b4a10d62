package dev.engram.memory.message;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Agents' in-context windows. */
@ApplicationScoped
public class AgentContextRepository implements PanacheRepositoryBase<AgentContext, String> {

    public Uni<AgentContext> findOf(String org, String agentId) {
        return find("agentId = ?1 and organizationId = ?2", agentId, org).firstResult();
    }

    /** The window locked until the transaction ends: commits of one agent's steps apply one after another. */
    public Uni<AgentContext> lockOf(String org, String agentId) {
        return find("agentId = ?1 and organizationId = ?2", agentId, org).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
