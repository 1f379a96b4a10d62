package dev.engram.memory.passage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.memory.archive.AgentArchives;
import dev.engram.memory.embedding.EmbeddingClient;
import dev.engram.memory.embedding.EmbeddingUnavailable;
import dev.engram.memory.idempotency.IdempotencyService;
import dev.engram.memory.idempotency.Outcome;
import dev.engram.memory.index.IndexHit;
import dev.engram.memory.index.IndexQuery;
import dev.engram.memory.index.IndexedPassage;
import dev.engram.memory.index.SearchMode;
import dev.engram.memory.web.ApiException;
import dev.engram.memory.web.Caller;
import dev.engram.memory.web.Cursors;
import dev.engram.memory.web.Page;
import dev.engram.memory.web.Ids;
import dev.engram.memory.web.Times;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Archival memory. PostgreSQL holds every passage with its vector; the index is written right after the commit (so
 * the agent's next search sees it) and, should that fail, from the outbox by {@link IndexSync}. Nothing written to
 * PostgreSQL is lost because the index or embedding-service was down.
 */
@ApplicationScoped
public class PassageService {

    private static final Logger LOG = Logger.getLogger(PassageService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PassageRepository passages;
    private final OutboxRepository outbox;
    private final BlockingIndex index;
    private final IndexSync sync;
    private final EmbeddingClient embeddings;
    private final IdempotencyService idempotency;
    private final AgentArchives agentArchives;

    public PassageService(PassageRepository passages, OutboxRepository outbox, BlockingIndex index, IndexSync sync,
                          EmbeddingClient embeddings, IdempotencyService idempotency, AgentArchives agentArchives) {
        this.agentArchives = agentArchives;
        this.passages = passages;
        this.outbox = outbox;
        this.index = index;
        this.sync = sync;
        this.embeddings = embeddings;
        this.idempotency = idempotency;
    }

    /** Inserts into the agent's default archive (created on its first write, named {@code archiveName}). */
    public Uni<Outcome> insert(Caller caller, String key, String agentId, CreatePassage request, String archiveName) {
        validate(request);
        return agentArchives.defaultArchive(caller, agentId, archiveName, request.embeddingHandle())
                .chain(archive -> insertInto(caller, key, archive.id, agentId, request));
    }

    public Uni<Outcome> insertBatch(Caller caller, String key, String agentId, CreatePassages request, String archiveName) {
        checkBatch(request);
        String handle = request.passages().getFirst().embeddingHandle();
        return agentArchives.defaultArchive(caller, agentId, archiveName, handle)
                .chain(archive -> insertBatchInto(caller, key, archive.id, agentId, request));
    }

    /** Inserts into one archive; {@code agentId} (the writer) may be null. */
    public Uni<Outcome> insertInto(Caller caller, String key, String archiveId, String agentId, CreatePassage request) {
        String text = validate(request);
        Uni<float[]> vector = request.embeddingHandle() == null ? Uni.createFrom().nullItem()
                : embeddings.embed(request.embeddingHandle(), List.of(IndexedPassage.searchText(text, context(request))))
                .map(List::getFirst)
                .onFailure(EmbeddingUnavailable.class).invoke(e -> LOG.warnf("storing passage without vector for now: %s", e.getMessage()))
                .onFailure(EmbeddingUnavailable.class).recoverWithNull();
        AtomicReference<OutboxEntry> written = new AtomicReference<>();
        return vector.chain(v -> idempotency.execute(caller, key, "insert passage " + archiveId, request, () -> {
            Passage p = newPassage(caller, archiveId, agentId, text, request, v);
            OutboxEntry entry = OutboxEntry.of(OutboxEntry.UPSERT, caller.organizationId(), archiveId, p.id, p.createdAt);
            entry.needsEmbedding = v == null && p.embeddingHandle != null;
            return passages.persist(p).chain(() -> outbox.persist(entry)).invoke(written::set)
                    .map(e -> Outcome.ok(view(p)));
        })).call(outcome -> written.get() == null ? Uni.createFrom().voidItem() : indexNow(written.get()));
    }

    /**
     * Inserts up to {@link CreatePassages#MAX_PASSAGES} passages in one transaction: one embedding call per model and
     * one index write for all of them, so an import does not pay a commit per passage. All or nothing.
     */
    public Uni<Outcome> insertBatchInto(Caller caller, String key, String archiveId, String agentId, CreatePassages request) {
        List<String> texts = checkBatch(request);
        List<CreatePassage> items = request.passages();
        AtomicReference<OutboxEntry> written = new AtomicReference<>();
        return embedAll(items, texts).chain(vectors -> idempotency.execute(caller, key, "insert passages " + archiveId, request, () -> {
            List<Passage> created = new ArrayList<>(items.size());
            List<OutboxEntry> entries = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                Passage p = newPassage(caller, archiveId, agentId, texts.get(i), items.get(i), vectors.get(i));
                OutboxEntry entry = OutboxEntry.of(OutboxEntry.UPSERT, caller.organizationId(), archiveId, p.id, p.createdAt);
                entry.needsEmbedding = p.embedding == null && p.embeddingHandle != null;
                created.add(p);
                entries.add(entry);
            }
            return passages.persist(created).chain(() -> outbox.persist(entries))
                    .invoke(() -> written.set(entries.getLast()))
                    .map(v -> Outcome.ok(created.stream().map(PassageService::view).toList()));
        })).call(outcome -> written.get() == null ? Uni.createFrom().voidItem() : indexNow(written.get()));
    }

    /** The validated texts of a batch; 422 naming the item otherwise. */
    static List<String> checkBatch(CreatePassages request) {
        List<CreatePassage> items = request.passages();
        if (items.isEmpty() || items.size() > CreatePassages.MAX_PASSAGES) {
            throw ApiException.unprocessable("passages: between 1 and " + CreatePassages.MAX_PASSAGES
                    + " passages per request (got " + items.size() + ")");
        }
        List<String> texts = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                texts.add(validate(items.get(i)));
            } catch (ApiException e) {
                throw ApiException.unprocessable("passages[" + i + "]." + e.detail());
            }
        }
        return texts;
    }

    /** Vectors in the order of the texts, one call per model; nulls (stored, embedded later) if embedding fails. */
    Uni<List<float[]>> embedAll(List<CreatePassage> items, List<String> texts) {
        Map<String, List<Integer>> byHandle = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).embeddingHandle() != null) {
                byHandle.computeIfAbsent(items.get(i).embeddingHandle(), h -> new ArrayList<>()).add(i);
            }
        }
        float[][] out = new float[items.size()][];
        Uni<Void> all = Uni.createFrom().voidItem();
        for (Map.Entry<String, List<Integer>> group : byHandle.entrySet()) {
            List<Integer> at = group.getValue();
            all = all.chain(() -> embeddings.embed(group.getKey(),
                            at.stream().map(i -> IndexedPassage.searchText(texts.get(i), context(items.get(i)))).toList())
                    .invoke(vectors -> {
                        for (int j = 0; j < at.size(); j++) {
                            out[at.get(j)] = vectors.get(j);
                        }
                    })
                    .replaceWithVoid()
                    .onFailure(EmbeddingUnavailable.class).invoke(e -> LOG.warnf("storing %d passages without vectors for now: %s", at.size(), e.getMessage()))
                    .onFailure(EmbeddingUnavailable.class).recoverWithNull());
        }
        return all.map(v -> Arrays.asList(out));
    }

    /** Writes the change to the index at once; on failure the outbox entry stays for the background sync. */
    Uni<Void> indexNow(OutboxEntry entry) {
        return sync.drainAgent(entry.organizationId, entry.agentId)
                .onFailure().invoke(e -> LOG.warnf("index write deferred to the outbox: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    /** The organization's passages (what /v1/passages/count answers). */
    @WithSession
    public Uni<Long> countInOrganization(String org) {
        return passages.countInOrganization(org);
    }

    /** The passages of every archive attached to the agent. */
    @WithSession
    public Uni<List<PassageView>> list(Caller caller, String agentId, String text, String after, String before, int limit, boolean ascending) {
        return agentArchives.of(caller.organizationId(), agentId).chain(scopes -> page(caller, scopes, text, after, before, limit, ascending));
    }

    /** The passages of these archives (or of a folder, whose chunks are kept under its id), with cursors. */
    @WithSession
    public Uni<List<PassageView>> listIn(Caller caller, List<String> scopes, String after, String before, int limit, boolean ascending) {
        return page(caller, scopes, null, after, before, limit, ascending);
    }

    private Uni<List<PassageView>> page(Caller caller, List<String> scopes, String text, String after, String before, int limit,
                                        boolean ascending) {
        String org = caller.organizationId();
        return Cursors.known(new Page(after, before, limit, ascending), "passage", id -> passages.countIn(org, scopes, id))
                .chain(() -> passages.page(org, scopes, text, after, before, limit, ascending))
                .map(l -> l.stream().map(PassageService::view).toList());
    }

    @WithSession
    public Uni<PassageView> get(Caller caller, String agentId, String id) {
        return agentArchives.of(caller.organizationId(), agentId)
                .chain(scopes -> passages.findIn(caller.organizationId(), scopes, id))
                .onItem().ifNull().failWith(PassageService::notFound).map(PassageService::view);
    }

    /** Deletes a passage of an archive attached to the agent. */
    public Uni<Outcome> delete(Caller caller, String key, String agentId, String id) {
        return deleteIn(caller, key, id, () -> agentArchives.of(caller.organizationId(), agentId),
                Outcome.ok(Map.of("message", "Memory id=" + id + " successfully deleted")));
    }

    /** Deletes a passage of one archive (204). */
    public Uni<Outcome> deleteFromArchive(Caller caller, String key, String archiveId, String id) {
        return deleteIn(caller, key, id, () -> Uni.createFrom().item(List.of(archiveId)), Outcome.ok(null));
    }

    private Uni<Outcome> deleteIn(Caller caller, String key, String id, java.util.function.Supplier<Uni<List<String>>> scopes, Outcome done) {
        AtomicReference<OutboxEntry> written = new AtomicReference<>();
        return idempotency.execute(caller, key, "delete passage " + id, Map.of(), () -> scopes.get()
                        .chain(s -> passages.findIn(caller.organizationId(), s, id))
                        .onItem().ifNull().failWith(PassageService::notFound)
                        .call(passages::delete)
                        .chain(p -> outbox.persist(OutboxEntry.of(OutboxEntry.DELETE, caller.organizationId(), p.archiveId, id, Instant.now())))
                        .invoke(written::set)
                        .replaceWith(done))
                .call(outcome -> written.get() == null ? Uni.createFrom().voidItem() : indexNow(written.get()));
    }

    /**
     * Removes every passage of the archive within the caller's transaction and queues its removal from the index;
     * returns the outbox entry to apply once committed ({@link #indexNow}).
     */
    public Uni<OutboxEntry> deleteArchivePassages(Caller caller, String archiveId) {
        return passages.deleteArchive(caller.organizationId(), archiveId)
                .chain(() -> outbox.persist(OutboxEntry.of(OutboxEntry.DELETE_AGENT, caller.organizationId(), archiveId, null, Instant.now())));
    }

    /** Writes a committed change to the index at once (or leaves it to the outbox sync). */
    public Uni<Void> applyNow(OutboxEntry entry) {
        return indexNow(entry);
    }

    /**
     * Hybrid (or BM25/dense) search of one agent's passages. Pending index work of the agent is applied first
     * (read-your-writes). Without embedding-service the search degrades to BM25 and says so.
     */
    public Uni<SearchResult> search(Caller caller, String agentId, PassageQuery q) {
        return Panache.withSession(() -> agentArchives.of(caller.organizationId(), agentId))
                .chain(scopes -> scopes.isEmpty()
                        ? Uni.createFrom().item(new SearchResult(List.of(), 0, q.mode().name().toLowerCase(), null))
                        : hits(caller, scopes, q).map(r -> result(r.hits(), r.mode(), r.degraded(), q.zone())));
    }

    /** {@link #search} over these scopes (archives, or a folder's chunks kept under the folder's id). */
    public Uni<SearchResult> searchIn(Caller caller, List<String> scopes, PassageQuery q) {
        return hits(caller, scopes, q).map(r -> result(r.hits(), r.mode(), r.degraded(), q.zone()));
    }

    /** Deletes every passage kept under this scope in one transaction, then removes them from the index. */
    public Uni<Void> deleteScope(Caller caller, String scope) {
        return Panache.withTransaction(() -> deleteArchivePassages(caller, scope)).chain(this::applyNow);
    }

    /** What the index found in some archives: hits best first, the mode that ran, why it was degraded (or null). */
    public record Found(List<IndexHit> hits, SearchMode mode, String degraded) {
    }

    /**
     * Searches the passages of these archives (none: nothing found). Pending index work of each is applied first.
     */
    public Uni<Found> hits(Caller caller, List<String> scopes, PassageQuery q) {
        if (scopes.isEmpty()) {
            return Uni.createFrom().item(new Found(List.of(), q.mode(), null));
        }
        boolean wantsVector = q.embeddingHandle() != null && q.mode() != SearchMode.BM25;
        Uni<float[]> vector = wantsVector
                ? embeddings.embed(q.embeddingHandle(), List.of(q.query())).map(List::getFirst)
                : Uni.createFrom().nullItem();
        AtomicReference<String> degraded = new AtomicReference<>();
        Uni<float[]> queryVector = vector.onFailure(EmbeddingUnavailable.class).recoverWithItem(e -> {
            degraded.set("embedding-unavailable");
            return null;
        });
        Uni<Void> drained = Uni.createFrom().voidItem();
        for (String scope : scopes) {
            drained = drained.chain(() -> sync.drainAgent(caller.organizationId(), scope).onFailure().recoverWithNull());
        }
        return drained
                .chain(() -> queryVector)
                .chain(v -> {
                    if (v == null && q.mode() == SearchMode.DENSE) {
                        return Uni.createFrom().failure(degraded.get() != null
                                ? ApiException.unavailable("dense search needs embedding-service, which is unavailable")
                                : ApiException.badRequest("dense search needs the agent's embedding model (embedding_handle)"));
                    }
                    IndexQuery query = new IndexQuery(caller.organizationId(), scopes.getFirst(), q.query(), v, q.mode(), q.topK(), q.tags(),
                            q.tagMatchAll(), q.start(), q.end(), q.fusion(), scopes.subList(1, scopes.size()));
                    return index.search(query).map(hits -> new Found(hits, query.effectiveMode(), degraded.get()));
                });
    }

    private static SearchResult result(List<IndexHit> hits, SearchMode mode, String degraded, ZoneId zone) {
        List<SearchResult.Hit> out = new ArrayList<>();
        for (IndexHit h : hits) {
            out.add(new SearchResult.Hit(h.passageId(), Times.isoformat(h.createdAt(), zone), h.text(), h.tags(), h.score()));
        }
        return new SearchResult(out, out.size(), mode.name().toLowerCase(), degraded);
    }

    Passage newPassage(Caller caller, String archiveId, String agentId, String text, CreatePassage r, float[] vector) {
        Passage p = new Passage();
        p.id = Ids.next("passage");
        p.organizationId = caller.organizationId();
        p.archiveId = archiveId;
        p.agentId = agentId;
        p.text = text;
        p.indexContext = context(r);
        p.tags = r.tags() == null ? new ArrayList<>() : new ArrayList<>(r.tags());
        p.metadata = r.metadata() == null ? null : write(r.metadata());
        p.embeddingHandle = r.embeddingHandle();
        p.embedding = Vectors.toBytes(vector);
        p.embeddingDim = vector == null ? null : vector.length;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        p.createdAt = r.createdAt() == null ? now : r.createdAt().toInstant().truncatedTo(ChronoUnit.MICROS);
        p.updatedAt = now;
        p.createdById = caller.actorId();
        return p;
    }

    static String validate(CreatePassage r) {
        String text = r.text().replace("\u0000", "");
        if (text.isBlank()) {
            throw ApiException.unprocessable("text: must not be empty");
        }
        int tokens = Tokens.count(text);
        if (tokens > CreatePassage.MAX_TOKENS) {
            throw ApiException.unprocessable("text: " + tokens + " tokens exceed the archival memory limit of "
                    + CreatePassage.MAX_TOKENS + " tokens per passage");
        }
        String context = context(r);
        if (context != null && Tokens.count(context) > CreatePassage.MAX_TOKENS) {
            throw ApiException.unprocessable("index_context: more than " + CreatePassage.MAX_TOKENS + " tokens");
        }
        if (r.tags() != null) {
            for (int i = 0; i < r.tags().size(); i++) {
                if (r.tags().get(i) == null || r.tags().get(i).isBlank()) {
                    throw ApiException.unprocessable("tags[" + i + "]: must not be empty");
                }
            }
        }
        return text;
    }

    /** The request's index context without null bytes; null when absent or blank. */
    private static String context(CreatePassage r) {
        String c = r.indexContext() == null ? null : r.indexContext().replace("\u0000", "");
        return c == null || c.isBlank() ? null : c;
    }

    public static PassageView view(Passage p) {
        return new PassageView(p.id, p.archiveId, p.agentId, p.text, p.indexContext, p.tags, read(p.metadata), p.embeddingHandle, p.embeddingDim,
                p.embedding != null, p.createdAt, p.updatedAt, p.createdById);
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
            return metadata == null ? JSON.createObjectNode() : JSON.readTree(metadata);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    static ApiException notFound() {
        return ApiException.notFound("Passage not found");
    }

}
