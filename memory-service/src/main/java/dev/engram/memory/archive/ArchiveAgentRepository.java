package dev.engram.memory.archive;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Which agents see which archives. */
@ApplicationScoped
public class ArchiveAgentRepository implements PanacheRepositoryBase<ArchiveAgent, ArchiveAgent.Key> {

    /** The archives an agent searches: every archive attached to it. */
    public Uni<List<String>> archivesOf(String org, String agentId) {
        return getSession().chain(s -> s.createSelectionQuery("select l.archiveId from ArchiveAgent l "
                        + "where l.organizationId = ?1 and l.agentId = ?2 order by l.createdAt, l.archiveId", String.class)
                .setParameter(1, org).setParameter(2, agentId).getResultList());
    }

    public Uni<List<String>> agentsOf(String org, String archiveId) {
        return getSession().chain(s -> s.createSelectionQuery("select l.agentId from ArchiveAgent l "
                        + "where l.organizationId = ?1 and l.archiveId = ?2 order by l.createdAt, l.agentId", String.class)
                .setParameter(1, org).setParameter(2, archiveId).getResultList());
    }

    /** The agent's default archive (the one it owns), or null. */
    public Uni<ArchiveAgent> owned(String org, String agentId) {
        return find("organizationId = ?1 and agentId = ?2 and owner = true", org, agentId).firstResult();
    }

    public Uni<ArchiveAgent> link(String org, String agentId, String archiveId) {
        return find("organizationId = ?1 and agentId = ?2 and archiveId = ?3", org, agentId, archiveId).firstResult();
    }

    public Uni<List<ArchiveAgent>> linksOf(String org, String agentId) {
        return list("organizationId = ?1 and agentId = ?2", org, agentId);
    }
}
