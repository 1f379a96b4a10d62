package dev.engram.memory.block;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Which blocks are attached to which agents, under which label. */
@ApplicationScoped
public class BlockAttachmentRepository implements PanacheRepositoryBase<BlockAttachment, BlockAttachment.Key> {

    public Uni<BlockAttachment> findByLabel(String org, String agentId, String label) {
        return find("organizationId = ?1 and agentId = ?2 and label = ?3", org, agentId, label).firstResult();
    }

    public Uni<BlockAttachment> findOne(String org, String agentId, String blockId) {
        return find("organizationId = ?1 and agentId = ?2 and blockId = ?3", org, agentId, blockId).firstResult();
    }

    /** The agent's blocks in attachment order. */
    public Uni<List<Block>> blocksOf(String org, String agentId) {
        return getSession().chain(s -> s.createSelectionQuery(
                        "select b from Block b join BlockAttachment a on a.blockId = b.id "
                                + "where a.organizationId = ?1 and a.agentId = ?2 order by a.position", Block.class)
                .setParameter(1, org).setParameter(2, agentId)
                .getResultList());
    }

    public Uni<List<String>> labelsOf(String org, String agentId) {
        return getSession().chain(s -> s.createSelectionQuery(
                        "select a.label from BlockAttachment a where a.organizationId = ?1 and a.agentId = ?2 order by a.position",
                        String.class)
                .setParameter(1, org).setParameter(2, agentId)
                .getResultList());
    }

    public Uni<List<String>> agentsOf(String org, String blockId) {
        return getSession().chain(s -> s.createSelectionQuery(
                        "select a.agentId from BlockAttachment a where a.organizationId = ?1 and a.blockId = ?2 order by a.createdAt",
                        String.class)
                .setParameter(1, org).setParameter(2, blockId)
                .getResultList());
    }

    public Uni<List<String>> agentBlockIds(String org, String agentId) {
        return getSession().chain(s -> s.createSelectionQuery(
                        "select a.blockId from BlockAttachment a where a.organizationId = ?1 and a.agentId = ?2", String.class)
                .setParameter(1, org).setParameter(2, agentId).getResultList());
    }

    /** Which of these blocks are still attached to some agent. */
    public Uni<List<String>> stillAttached(List<String> blockIds) {
        if (blockIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return getSession().chain(s -> s.createSelectionQuery(
                        "select distinct a.blockId from BlockAttachment a where a.blockId in ?1", String.class)
                .setParameter(1, blockIds).getResultList());
    }

    /** An attachment that would share its agent and label with the block once it is renamed, if any. */
    public Uni<BlockAttachment> clashOnRename(String blockId, String newLabel) {
        return find("label = ?1 and blockId <> ?2 and agentId in (select x.agentId from BlockAttachment x where x.blockId = ?2)",
                newLabel, blockId).firstResult();
    }

    /** Keeps the label of every attachment in step with a renamed block. */
    public Uni<Integer> relabel(String blockId, String label) {
        return update("label = ?1 where blockId = ?2", label, blockId);
    }
}
