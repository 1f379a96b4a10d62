package dev.engram.memory.archive;

import dev.engram.memory.web.Caller;
import dev.engram.memory.web.Ids;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The archives an agent sees, and its default archive, created on the agent's first write as in Letta. */
@ApplicationScoped
public class AgentArchives {

    static final String DEFAULT_DESCRIPTION = "Default archive created automatically";

    private final ArchiveRepository archives;
    private final ArchiveAgentRepository links;

    public AgentArchives(ArchiveRepository archives, ArchiveAgentRepository links) {
        this.archives = archives;
        this.links = links;
    }

    /** Every archive attached to the agent (within a session). */
    public Uni<List<String>> of(String org, String agentId) {
        return links.archivesOf(org, agentId);
    }

    /**
     * The agent's default archive: the one it owns, else a new one ({@code name}, embedded with the agent's model)
     * attached to it as owner, in its own transaction. A concurrent first write that created it first wins.
     */
    public Uni<Archive> defaultArchive(Caller caller, String agentId, String name, String embeddingHandle) {
        String org = caller.organizationId();
        return Panache.withSession(() -> owned(org, agentId)).chain(found -> found != null ? Uni.createFrom().item(found)
                : Panache.withTransaction(() -> create(caller, agentId, name, embeddingHandle))
                .onFailure().recoverWithUni(e -> Panache.withSession(() -> owned(org, agentId))
                        .onItem().ifNull().failWith(() -> e)));
    }

    private Uni<Archive> owned(String org, String agentId) {
        return links.owned(org, agentId).chain(l -> l == null ? Uni.createFrom().nullItem() : archives.findOf(org, l.archiveId));
    }

    private Uni<Archive> create(Caller caller, String agentId, String name, String embeddingHandle) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Archive a = new Archive();
        a.id = Ids.next("archive");
        a.organizationId = caller.organizationId();
        a.name = name == null || name.isBlank() ? "Default archive" : name;
        a.description = DEFAULT_DESCRIPTION;
        a.embeddingHandle = embeddingHandle;
        a.createdAt = now;
        a.updatedAt = now;
        a.createdById = caller.actorId();
        a.lastUpdatedById = caller.actorId();
        ArchiveAgent link = new ArchiveAgent();
        link.archiveId = a.id;
        link.agentId = agentId;
        link.organizationId = a.organizationId;
        link.owner = true;
        link.createdAt = now;
        return archives.persist(a).chain(() -> links.persist(link)).chain(() -> Panache.flush()).replaceWith(a);
    }
}
