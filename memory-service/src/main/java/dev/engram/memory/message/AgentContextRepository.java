package dev.engram.memory.message;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;

/** Threads' in-context windows (a step commit writes them with {@link StepCommitRepository#write}). */
@ApplicationScoped
public class AgentContextRepository implements PanacheRepositoryBase<AgentContext, AgentContext.Key> {

    /**
     * Claims a conversation's window row (empty, version 0) in the caller's transaction, for its first commit to fill:
     * false when the conversation has a window already. A concurrent claim waits for this transaction and then fails.
     */
    public Uni<Boolean> claim(String org, String agentId, String conversationId, Instant now) {
        return getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO memory.agent_contexts (agent_id, conversation_id, organization_id, message_ids, version, updated_at)
                        VALUES (?1, ?2, ?3, '{}', 0, ?4) ON CONFLICT (agent_id, conversation_id) DO NOTHING""")
                .setParameter(1, agentId).setParameter(2, conversationId).setParameter(3, org)
                .setParameter(4, now.atOffset(ZoneOffset.UTC)).executeUpdate()).map(n -> n > 0);
    }

    /** Deletes a conversation's window; false when it had none. */
    public Uni<Boolean> deleteConversation(String org, String agentId, String conversationId) {
        return delete("agentId = ?1 and conversationId = ?2 and organizationId = ?3", agentId, conversationId, org).map(n -> n > 0);
    }
}
