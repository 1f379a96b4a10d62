package dev.engram.memory.block;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Which blocks are a conversation's isolated copies, by label. */
@ApplicationScoped
public class ConversationBlockRepository implements PanacheRepositoryBase<ConversationBlock, ConversationBlock.Key> {

    /** The conversation's copy of the block with this label, or null. */
    public Uni<ConversationBlock> findByLabel(String org, String agentId, String conversationId, String label) {
        return find("conversationId = ?1 and label = ?2 and agentId = ?3 and organizationId = ?4", conversationId, label, agentId, org)
                .firstResult();
    }

    /** The ids of the conversation's copies. */
    public Uni<List<String>> blockIdsOf(String org, String agentId, String conversationId) {
        return getSession().chain(s -> s.createSelectionQuery("select c.blockId from ConversationBlock c "
                        + "where c.conversationId = ?1 and c.agentId = ?2 and c.organizationId = ?3", String.class)
                .setParameter(1, conversationId).setParameter(2, agentId).setParameter(3, org).getResultList());
    }

    /** The ids of the copies of every conversation of the agent. */
    public Uni<List<String>> blockIdsOfAgent(String org, String agentId) {
        return getSession().chain(s -> s.createSelectionQuery("select c.blockId from ConversationBlock c "
                        + "where c.agentId = ?1 and c.organizationId = ?2", String.class)
                .setParameter(1, agentId).setParameter(2, org).getResultList());
    }
}
