package dev.engram.memory.passage;

import dev.engram.memory.archive.AgentArchives;
import dev.engram.memory.archive.Archive;
import dev.engram.memory.embedding.EmbeddingClient;
import dev.engram.memory.embedding.EmbeddingUnavailable;
import dev.engram.memory.idempotency.IdempotencyService;
import dev.engram.memory.idempotency.Outcome;
import dev.engram.memory.web.ApiException;
import dev.engram.memory.web.Caller;
import dev.engram.memory.web.Cursors;
import dev.engram.memory.web.Page;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Passages with their vectors, for Agent File exports that carry them and imports that bring them back. An imported
 * vector is kept when it was made by the archive's model and has that model's dimension (the dimension of the
 * archive's stored vectors of that model, else of one embedding made now); a vector of another model, or none, is
 * replaced by embedding the text with the archive's model, and the answer says how many were.
 */
@ApplicationScoped
public class PassageVectorService {

    private static final Logger LOG = Logger.getLogger(PassageVectorService.class);

    private final PassageService service;
    private final PassageRepository passages;
    private final OutboxRepository outbox;
    private final EmbeddingClient embeddings;
    private final IdempotencyService idempotency;
    private final AgentArchives agentArchives;

    public PassageVectorService(PassageService service, PassageRepository passages, OutboxRepository outbox, EmbeddingClient embeddings,
                                IdempotencyService idempotency, AgentArchives agentArchives) {
        this.service = service;
        this.passages = passages;
        this.outbox = outbox;
        this.embeddings = embeddings;
        this.idempotency = idempotency;
        this.agentArchives = agentArchives;
    }

    /** The passages of the agent's archives with their vectors, oldest first, with a cursor. */
    @WithSession
    public Uni<List<PassageVectors.Out>> list(Caller caller, String agentId, String after, int limit) {
        String org = caller.organizationId();
        return agentArchives.of(org, agentId).chain(scopes -> Cursors.known(new Page(after, null, limit, true), "passage",
                        id -> passages.countIn(org, scopes, id))
                .chain(() -> passages.page(org, scopes, null, after, null, limit, true)))
                .map(rows -> rows.stream().map(p -> new PassageVectors.Out(p.id, p.archiveId, p.text, p.tags,
                        PassageService.view(p).metadata(), p.embeddingHandle, p.embeddingDim, Vectors.fromBytes(p.embedding), p.createdAt))
                        .toList());
    }

    public Uni<Outcome> insert(Caller caller, String key, String agentId, PassageVectors.Batch batch) {
        List<PassageVectors.In> items = batch.passages();
        List<CreatePassage> requests = new ArrayList<>(items.size());
        for (PassageVectors.In in : items) {
            requests.add(new CreatePassage(in.text(), in.tags(), in.createdAt(), in.metadata(), batch.embeddingHandle(), null));
        }
        CreatePassages plain = new CreatePassages(requests);
        List<String> texts = PassageService.checkBatch(plain);
        for (int i = 0; i < items.size(); i++) {
            float[] v = items.get(i).embedding();
            if (v != null) {
                if (v.length == 0) {
                    throw ApiException.unprocessable("passages[" + i + "].embedding: must not be empty");
                }
                for (float x : v) {
                    if (!Float.isFinite(x)) {
                        throw ApiException.unprocessable("passages[" + i + "].embedding: must hold finite numbers only");
                    }
                }
            }
        }
        return agentArchives.defaultArchive(caller, agentId, null, batch.embeddingHandle())
                .chain(archive -> dimension(caller, archive, items).chain(dim -> {
                    String model = archive.embeddingHandle;
                    float[][] vectors = new float[items.size()][];
                    List<Integer> again = new ArrayList<>();
                    int kept = 0;
                    for (int i = 0; i < items.size(); i++) {
                        PassageVectors.In in = items.get(i);
                        boolean sameModel = model != null && in.embedding() != null && model.equals(in.embeddingHandle());
                        if (sameModel && dim != null && in.embedding().length != dim) {
                            throw ApiException.unprocessable("passages[" + i + "].embedding: " + in.embedding().length
                                    + " dimensions, but " + model + " vectors have " + dim);
                        }
                        if (sameModel) {
                            vectors[i] = in.embedding();
                            kept++;
                        } else if (model != null) {
                            again.add(i);
                        }
                    }
                    List<CreatePassage> toEmbed = again.stream().map(requests::get).toList();
                    List<String> textsToEmbed = again.stream().map(texts::get).toList();
                    int keptCount = kept;
                    Uni<List<float[]>> embedded = toEmbed.isEmpty() ? Uni.createFrom().item(List.of())
                            : service.embedAll(toEmbed, textsToEmbed);
                    return embedded.chain(fresh -> {
                        for (int j = 0; j < again.size(); j++) {
                            vectors[again.get(j)] = fresh.get(j);
                        }
                        String note = again.isEmpty() ? null : again.size() + " passage(s) embedded again with " + model
                                + " (their vectors were of another model, or missing)";
                        if (note != null) {
                            LOG.infof("passages with vectors for agent %s: %s", agentId, note);
                        }
                        return store(caller, key, archive.id, agentId, batch, requests, texts, vectors, keptCount, again.size(), note);
                    });
                }));
    }

    private Uni<Outcome> store(Caller caller, String key, String archiveId, String agentId, PassageVectors.Batch batch,
                               List<CreatePassage> requests, List<String> texts, float[][] vectors, int kept, int again, String note) {
        AtomicReference<OutboxEntry> written = new AtomicReference<>();
        return idempotency.execute(caller, key, "insert passages with vectors " + archiveId, batch, () -> {
            List<Passage> created = new ArrayList<>(requests.size());
            List<OutboxEntry> entries = new ArrayList<>(requests.size());
            for (int i = 0; i < requests.size(); i++) {
                Passage p = service.newPassage(caller, archiveId, agentId, texts.get(i), requests.get(i), vectors[i]);
                OutboxEntry entry = OutboxEntry.of(OutboxEntry.UPSERT, caller.organizationId(), archiveId, p.id, p.createdAt);
                entry.needsEmbedding = p.embedding == null && p.embeddingHandle != null;
                created.add(p);
                entries.add(entry);
            }
            return passages.persist(created).chain(() -> outbox.persist(entries))
                    .invoke(() -> written.set(entries.getLast()))
                    .map(v -> Outcome.ok(new PassageVectors.Inserted(created.stream().map(PassageService::view).toList(), kept, again, note)));
        }).call(outcome -> written.get() == null ? Uni.createFrom().voidItem() : service.indexNow(written.get()));
    }

    /**
     * The dimension of the archive model's vectors: that of its stored ones, else of one embedding made now, else
     * (embedding-service down) that of the first given vector of the model, the others having to match it.
     */
    private Uni<Integer> dimension(Caller caller, Archive archive, List<PassageVectors.In> items) {
        String model = archive.embeddingHandle;
        PassageVectors.In first = items.stream().filter(i -> model != null && model.equals(i.embeddingHandle()) && i.embedding() != null)
                .findFirst().orElse(null);
        if (first == null) {
            return Uni.createFrom().nullItem();
        }
        return Panache.withSession(() -> passages.find("organizationId = ?1 and archiveId = ?2 and embeddingHandle = ?3 and embeddingDim is not null",
                        caller.organizationId(), archive.id, model).firstResult())
                .chain(stored -> stored != null ? Uni.createFrom().item(stored.embeddingDim)
                        : embeddings.embed(model, List.of(first.text())).map(v -> v.getFirst().length)
                        .onFailure(EmbeddingUnavailable.class).recoverWithItem(first.embedding().length));
    }
}
