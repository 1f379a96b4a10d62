package dev.engram.memory.source;

import dev.engram.memory.passage.IndexSync;
import dev.engram.memory.passage.OutboxEntry;
import dev.engram.memory.passage.OutboxRepository;
import dev.engram.memory.passage.PassageRepository;
import dev.engram.memory.web.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/**
 * Removes the passages of one file of a source (its chunks) in one transaction, with their index deletes in the outbox,
 * then applies them to the index at once.
 */
@ApplicationScoped
public class FilePassages {

    private static final Logger LOG = Logger.getLogger(FilePassages.class);

    private final PassageRepository passages;
    private final OutboxRepository outbox;
    private final IndexSync sync;

    public FilePassages(PassageRepository passages, OutboxRepository outbox, IndexSync sync) {
        this.passages = passages;
        this.outbox = outbox;
        this.sync = sync;
    }

    /** How many passages were removed. */
    public Uni<Integer> deleteFile(Caller caller, String sourceId, String fileId) {
        String org = caller.organizationId();
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                                "SELECT id FROM memory.passages WHERE organization_id = ?1 AND archive_id = ?2 AND metadata IS NOT NULL "
                                        + "AND metadata::jsonb ->> 'file_id' = ?3", String.class)
                        .setParameter(1, org).setParameter(2, sourceId).setParameter(3, fileId).getResultList())
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(0)
                        : passages.delete("id in ?1", ids).chain(() -> outbox.persist(deletes(org, sourceId, ids)))
                        .replaceWith(ids.size())))
                .call(n -> n == 0 ? Uni.createFrom().voidItem() : sync.drainAgent(org, sourceId)
                        .onFailure().invoke(e -> LOG.warnf("index deletes deferred to the outbox: %s", e.toString()))
                        .onFailure().recoverWithNull());
    }

    private static List<OutboxEntry> deletes(String org, String sourceId, List<String> ids) {
        Instant now = Instant.now();
        return ids.stream().map(id -> OutboxEntry.of(OutboxEntry.DELETE, org, sourceId, id, now)).toList();
    }
}
