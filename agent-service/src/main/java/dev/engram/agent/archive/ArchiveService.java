package dev.engram.agent.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.agent.AgentService;
import dev.engram.agent.agent.AgentState;
import dev.engram.agent.agent.Includes;
import dev.engram.agent.agent.ModelConfigs;
import dev.engram.agent.agent.PassageView;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.quota.StorageQuota;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Letta's archives over memory-service, which keeps the archives, their attachments and passages. This service checks
 * what only agent-service knows (agents and their embedding models) and renders Letta's shapes.
 */
@ApplicationScoped
public class ArchiveService {

    private final MemoryClient memory;
    private final AgentService agents;
    private final ModelConfigs models;
    private final StorageQuota storage;
    private final Optional<String> defaultEmbedding;

    public ArchiveService(MemoryClient memory, AgentService agents, ModelConfigs models, StorageQuota storage,
                          @ConfigProperty(name = "engram.default-embedding-handle") Optional<String> defaultEmbedding) {
        this.memory = memory;
        this.agents = agents;
        this.models = models;
        this.storage = storage;
        this.defaultEmbedding = defaultEmbedding.filter(s -> !s.isBlank());
    }

    public Uni<ArchiveView> create(Actor actor, String key, ArchiveRequests.CreateArchive r) {
        if (r.name() == null) {
            throw ApiException.unprocessable("name: Field required");
        }
        if (r.name().isBlank()) {
            throw ApiException.unprocessable("name: must not be empty");
        }
        String handle = r.embedding() != null ? r.embedding()
                : r.embeddingConfig() != null && r.embeddingConfig().hasNonNull("handle") ? r.embeddingConfig().get("handle").asText()
                : defaultEmbedding.orElse(null);
        if (handle != null) {
            models.embeddingConfig(handle); // rejects a handle that cannot be an embedding model here
        }
        return memory.createArchive(actor, key, new MemoryRecords.CreateArchive(r.name(), r.description(), handle, null))
                .map(a -> view(a, actor));
    }

    public Uni<List<ArchiveView>> list(Actor actor, String before, String after, int limit, boolean ascending, String name,
                                       String agentId) {
        Uni<Void> agentKnown = agentId == null ? Uni.createFrom().voidItem() : agents.require(actor, agentId).replaceWithVoid();
        return agentKnown.chain(() -> {
            MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
            put(q, "before", before);
            put(q, "after", after);
            q.putSingle("limit", String.valueOf(limit));
            q.putSingle("order", ascending ? "asc" : "desc");
            put(q, "name", name);
            put(q, "agent_id", agentId);
            return memory.archives(actor, q);
        }).map(l -> l.stream().map(a -> view(a, actor)).toList());
    }

    public Uni<ArchiveView> get(Actor actor, String id) {
        return memory.archive(actor, id).map(a -> view(a, actor));
    }

    public Uni<ArchiveView> update(Actor actor, String key, String id, ArchiveRequests.UpdateArchive r) {
        if (r.name() != null && r.name().isBlank()) {
            throw ApiException.unprocessable("name: must not be empty");
        }
        return memory.updateArchive(actor, key, id, new MemoryRecords.UpdateArchive(r.name(), r.description())).map(a -> view(a, actor));
    }

    public Uni<Void> delete(Actor actor, String key, String id) {
        return memory.deleteArchive(actor, key, id);
    }

    public Uni<List<AgentState>> agents(Actor actor, String id, String before, String after, int limit, boolean ascending,
                                        Includes includes) {
        return memory.agentsOfArchive(actor, id).chain(ids -> agents.page(actor, ids, before, after, limit, ascending, includes));
    }

    public Uni<PassageView> insert(Actor actor, String key, String archiveId, ArchiveRequests.CreatePassage r) {
        MemoryRecords.CreatePassage passage = passage(r, "");
        return memory.archive(actor, archiveId)
                .call(a -> storage.beforeInsert(actor, 1))
                .chain(a -> memory.insertArchivePassage(actor, key, a.id(), passage)
                        .map(p -> PassageView.of(p, embeddingConfig(a), actor.organizationId())));
    }

    public Uni<List<PassageView>> insertBatch(Actor actor, String key, String archiveId, ArchiveRequests.CreatePassages r) {
        if (r.passages() == null) {
            throw ApiException.unprocessable("passages: Field required");
        }
        List<MemoryRecords.CreatePassage> items = new ArrayList<>();
        for (int i = 0; i < r.passages().size(); i++) {
            if (r.passages().get(i) == null) {
                throw ApiException.unprocessable("passages[" + i + "]: Field required");
            }
            items.add(passage(r.passages().get(i), "passages[" + i + "]."));
        }
        return memory.archive(actor, archiveId)
                .call(a -> storage.beforeInsert(actor, items.size()))
                .chain(a -> memory.insertArchivePassages(actor, key, a.id(), new MemoryRecords.CreatePassages(items))
                        .map(l -> l.stream().map(p -> PassageView.of(p, embeddingConfig(a), actor.organizationId())).toList()));
    }

    public Uni<Void> deletePassage(Actor actor, String key, String archiveId, String passageId) {
        return memory.deleteArchivePassage(actor, key, archiveId, passageId);
    }

    /** Attaches the archive to the agent; 409 when its passages are embedded with another model than the agent's. */
    public Uni<Void> attach(Actor actor, String key, String agentId, String archiveId) {
        return agents.require(actor, agentId)
                .chain(a -> memory.attachArchive(actor, key, a.id, archiveId, a.embedding)).replaceWithVoid();
    }

    /** Detaches the archive from the agent; its passages stay in the archive. */
    public Uni<Void> detach(Actor actor, String key, String agentId, String archiveId) {
        return agents.require(actor, agentId).chain(a -> memory.detachArchive(actor, key, a.id, archiveId)).replaceWithVoid();
    }

    public Uni<List<ArchiveRequests.SearchHit>> search(Actor actor, ArchiveRequests.SearchPassages r) {
        Uni<Void> agentKnown = r.agentId() == null ? Uni.createFrom().voidItem() : agents.require(actor, r.agentId()).replaceWithVoid();
        MemoryRecords.PassageSearch search = new MemoryRecords.PassageSearch(r.query(), r.agentId(), r.agentId() == null ? r.archiveId() : null,
                r.tags(), r.tagMatchMode(), r.limit(), r.startDate(), r.endDate());
        return agentKnown.chain(() -> memory.searchArchives(actor, search)).map(hits -> hits.stream()
                .map(h -> new ArchiveRequests.SearchHit(PassageView.of(h.passage(), embeddingConfig(h.passage().embeddingHandle()),
                        actor.organizationId()), h.score(), Map.of()))
                .toList());
    }

    private static MemoryRecords.CreatePassage passage(ArchiveRequests.CreatePassage r, String at) {
        if (r.text() == null) {
            throw ApiException.unprocessable(at + "text: Field required");
        }
        OffsetDateTime createdAt = null;
        if (r.createdAt() != null) {
            try {
                java.time.Instant t = dev.engram.agent.web.Requests.dateTime(at + "created_at", r.createdAt(), false);
                createdAt = t == null ? null : t.atOffset(ZoneOffset.UTC);
            } catch (ApiException e) {
                throw ApiException.unprocessable(at + "created_at: Input should be an ISO 8601 datetime (got '" + r.createdAt() + "')");
            }
        }
        return new MemoryRecords.CreatePassage(r.text(), r.tags(), createdAt, r.metadata(), null);
    }

    private JsonNode embeddingConfig(MemoryRecords.Archive a) {
        return embeddingConfig(a.embeddingHandle());
    }

    private JsonNode embeddingConfig(String handle) {
        return handle == null ? null : models.embeddingConfig(handle);
    }

    private ArchiveView view(MemoryRecords.Archive a, Actor actor) {
        return new ArchiveView(a.id(), a.name(), a.description(), ArchiveView.NATIVE, embeddingConfig(a), a.metadata(),
                actor.organizationId(), a.createdAt(), a.updatedAt(), a.createdById(), a.lastUpdatedById());
    }

    private static void put(MultivaluedMap<String, String> q, String key, String value) {
        if (value != null) {
            q.putSingle(key, value);
        }
    }
}
