package dev.engram.memory.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.memory.idempotency.IdempotencyService;
import dev.engram.memory.idempotency.Outcome;
import dev.engram.memory.passage.CreatePassage;
import dev.engram.memory.passage.CreatePassages;
import dev.engram.memory.passage.OutboxEntry;
import dev.engram.memory.passage.PassageService;
import dev.engram.memory.web.ApiException;
import dev.engram.memory.web.Caller;
import dev.engram.memory.web.Cursors;
import dev.engram.memory.web.Ids;
import dev.engram.memory.web.Page;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Archives: their rows, which agents they are attached to, and their passages. Deleting an archive deletes its
 * passages (and their index entries) in the same transaction; detaching leaves them.
 */
@ApplicationScoped
public class ArchiveService {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ArchiveRepository archives;
    private final ArchiveAgentRepository links;
    private final PassageService passages;
    private final IdempotencyService idempotency;

    public ArchiveService(ArchiveRepository archives, ArchiveAgentRepository links, PassageService passages,
                          IdempotencyService idempotency) {
        this.archives = archives;
        this.links = links;
        this.passages = passages;
        this.idempotency = idempotency;
    }

    public Uni<Outcome> create(Caller caller, String key, CreateArchive request) {
        String name = name(request.name());
        return idempotency.execute(caller, key, "create archive", request, () -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Archive a = new Archive();
            a.id = Ids.next("archive");
            a.organizationId = caller.organizationId();
            a.name = name;
            a.description = request.description();
            a.embeddingHandle = request.embeddingHandle();
            a.metadata = request.metadata() == null ? null : write(request.metadata());
            a.createdAt = now;
            a.updatedAt = now;
            a.createdById = caller.actorId();
            a.lastUpdatedById = caller.actorId();
            return archives.persist(a).map(x -> Outcome.ok(view(a)));
        });
    }

    @WithSession
    public Uni<List<ArchiveView>> list(Caller caller, Page page, String name, String agentId) {
        String org = caller.organizationId();
        return Cursors.known(page, "archive", id -> archives.count("id = ?1 and organizationId = ?2", id, org))
                .chain(() -> archives.page(org, name, agentId, page.after(), page.before(), page.limit(), page.ascending()))
                .map(l -> l.stream().map(ArchiveService::view).toList());
    }

    @WithSession
    public Uni<ArchiveView> get(Caller caller, String id) {
        return find(caller, id).map(ArchiveService::view);
    }

    public Uni<Outcome> update(Caller caller, String key, String id, UpdateArchive request) {
        String name = request.name() == null ? null : name(request.name());
        return idempotency.execute(caller, key, "update archive " + id, request, () -> find(caller, id).map(a -> {
            if (name != null) {
                a.name = name;
            }
            if (request.description() != null) {
                a.description = request.description();
            }
            a.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            a.lastUpdatedById = caller.actorId();
            return Outcome.ok(view(a));
        }));
    }

    /** Deletes the archive, its attachments and its passages (204). */
    public Uni<Outcome> delete(Caller caller, String key, String id) {
        List<OutboxEntry> written = new ArrayList<>();
        return idempotency.execute(caller, key, "delete archive " + id, Map.of(), () -> find(caller, id)
                        .call(a -> removeArchive(caller, a.id, written))
                        .replaceWith(Outcome.ok(null)))
                .call(() -> applyNow(written));
    }

    /** The ids of the agents the archive is attached to. */
    @WithSession
    public Uni<List<String>> agents(Caller caller, String id) {
        return find(caller, id).chain(a -> links.agentsOf(caller.organizationId(), a.id));
    }

    /**
     * Attaches the archive to the agent; attaching it again changes nothing. 409 when the archive's passages are
     * embedded with another model than the agent's: one search embeds its query once, for every archive it covers.
     */
    public Uni<Outcome> attach(Caller caller, String key, String agentId, String archiveId, AttachArchive request) {
        String handle = request == null ? null : request.embeddingHandle();
        return idempotency.execute(caller, key, "attach archive " + archiveId + " " + agentId, Map.of(), () -> find(caller, archiveId)
                .chain(a -> {
                    if (a.embeddingHandle != null && handle != null && !a.embeddingHandle.equals(handle)) {
                        return Uni.createFrom().<Outcome>failure(ApiException.conflict("archive_id: archive " + archiveId
                                + " is embedded with " + a.embeddingHandle + " but agent " + agentId + " uses " + handle
                                + "; an agent's archives must share its embedding model"));
                    }
                    return links.link(caller.organizationId(), agentId, archiveId).chain(existing -> {
                        if (existing != null) {
                            return Uni.createFrom().item(Outcome.ok(view(a)));
                        }
                        ArchiveAgent link = new ArchiveAgent();
                        link.archiveId = archiveId;
                        link.agentId = agentId;
                        link.organizationId = caller.organizationId();
                        link.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                        return links.persist(link).replaceWith(Outcome.ok(view(a)));
                    });
                }));
    }

    /** Detaches the archive from the agent; its passages stay. Detaching an archive not attached changes nothing. */
    public Uni<Outcome> detach(Caller caller, String key, String agentId, String archiveId) {
        return idempotency.execute(caller, key, "detach archive " + archiveId + " " + agentId, Map.of(), () -> find(caller, archiveId)
                .call(a -> links.delete("organizationId = ?1 and agentId = ?2 and archiveId = ?3", caller.organizationId(), agentId, archiveId))
                .map(a -> Outcome.ok(view(a))));
    }

    /** A passage written into the archive, embedded with the archive's model. */
    public Uni<Outcome> insert(Caller caller, String key, String archiveId, CreatePassage request) {
        return Panache.withSession(() -> find(caller, archiveId))
                .chain(a -> passages.insertInto(caller, key, a.id, null, withHandle(request, a.embeddingHandle)));
    }

    public Uni<Outcome> insertBatch(Caller caller, String key, String archiveId, CreatePassages request) {
        return Panache.withSession(() -> find(caller, archiveId)).chain(a -> passages.insertBatchInto(caller, key, a.id, null,
                new CreatePassages(request.passages().stream().map(p -> withHandle(p, a.embeddingHandle)).toList())));
    }

    public Uni<Outcome> deletePassage(Caller caller, String key, String archiveId, String passageId) {
        return Panache.withSession(() -> find(caller, archiveId))
                .chain(a -> passages.deleteFromArchive(caller, key, a.id, passageId));
    }

    /**
     * The agent is being deleted: the archives it owns go with their passages unless another agent is attached to
     * them; every attachment of the agent goes.
     */
    public Uni<Void> deleteAgent(Caller caller, String agentId) {
        String org = caller.organizationId();
        List<OutboxEntry> written = new ArrayList<>();
        return Panache.withTransaction(() -> links.linksOf(org, agentId).chain(own -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (ArchiveAgent link : own) {
                        if (!link.owner) {
                            continue;
                        }
                        chain = chain.chain(() -> links.agentsOf(org, link.archiveId).chain(agents -> agents.stream()
                                .anyMatch(a -> !a.equals(agentId)) ? Uni.createFrom().voidItem()
                                : removeArchive(caller, link.archiveId, written)));
                    }
                    return chain;
                }).chain(() -> links.delete("organizationId = ?1 and agentId = ?2", org, agentId)))
                .chain(() -> applyNow(written));
    }

    private Uni<Void> removeArchive(Caller caller, String archiveId, List<OutboxEntry> written) {
        return passages.deleteArchivePassages(caller, archiveId).invoke(written::add)
                .chain(() -> links.delete("organizationId = ?1 and archiveId = ?2", caller.organizationId(), archiveId))
                .chain(() -> archives.delete("id = ?1 and organizationId = ?2", archiveId, caller.organizationId()))
                .replaceWithVoid();
    }

    private Uni<Void> applyNow(List<OutboxEntry> written) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (OutboxEntry e : written) {
            chain = chain.chain(() -> passages.applyNow(e));
        }
        return chain;
    }

    /** The archive of the caller's organization, or 404. */
    Uni<Archive> find(Caller caller, String id) {
        return archives.findOf(caller.organizationId(), id).onItem().ifNull()
                .failWith(() -> ApiException.notFound("Archive with id " + id + " not found"));
    }

    private static CreatePassage withHandle(CreatePassage p, String handle) {
        return Objects.equals(p.embeddingHandle(), handle) ? p
                : new CreatePassage(p.text(), p.tags(), p.createdAt(), p.metadata(), handle, p.indexContext());
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.unprocessable("name: must not be empty");
        }
        return name;
    }

    public static ArchiveView view(Archive a) {
        return new ArchiveView(a.id, a.name, a.description, a.embeddingHandle, read(a.metadata), a.createdAt, a.updatedAt,
                a.createdById, a.lastUpdatedById);
    }

    private static String write(Map<String, Object> metadata) {
        try {
            return JSON.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw ApiException.unprocessable("metadata: not serializable");
        }
    }

    private static JsonNode read(String metadata) {
        try {
            return metadata == null ? null : JSON.readTree(metadata);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
