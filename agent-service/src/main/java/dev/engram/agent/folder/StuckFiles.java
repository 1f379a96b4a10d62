package dev.engram.agent.folder;

import dev.engram.agent.memory.SourcePassages;
import dev.engram.agent.web.Actor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Files whose ingest stopped with the replica that ran it (a restart, a crash): an upload's bytes lived only there, so
 * such a file is not resumed but ends in {@code error}, its partial chunks removed, with a message asking to upload it
 * again. A replica keeps its own queued and running files alive by touching their {@code updated_at}; a file still
 * {@code pending}, {@code parsing} or {@code embedding} untouched for longer than {@code engram.files.processing-lease}
 * is taken as abandoned. Every replica runs this; marking a file is one conditional update, so two replicas agree.
 */
@ApplicationScoped
public class StuckFiles {

    private static final Logger LOG = Logger.getLogger(StuckFiles.class);
    static final String INTERRUPTED = "Processing was interrupted before the file was indexed (the server stopped); upload the file again";
    private static final List<String> UNFINISHED = List.of(FolderFile.PENDING, FolderFile.PARSING, FolderFile.EMBEDDING);

    private final IngestWorkers workers;
    private final SourcePassages passages;
    private final Duration lease;

    public StuckFiles(IngestWorkers workers, SourcePassages passages,
                      @ConfigProperty(name = "engram.files.processing-lease", defaultValue = "PT2M") Duration lease) {
        this.workers = workers;
        this.passages = passages;
        this.lease = lease;
    }

    /** This replica's files are alive: their updated_at is moved on. */
    @Scheduled(every = "${engram.files.heartbeat-interval:20s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        Set<String> mine = workers.inFlight();
        if (mine.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> FolderFile.update("updatedAt = ?1 where id in ?2 and processingStatus in ?3",
                        dev.engram.agent.db.Times.now(), List.copyOf(mine), UNFINISHED)).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("file heartbeat: %s", e.toString())).onFailure().recoverWithNull();
    }

    @Scheduled(every = "${engram.files.recovery-interval:60s}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return recover(Instant.now().minus(lease)).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("file recovery: %s", e.toString())).onFailure().recoverWithNull();
    }

    /** Ends in error every unfinished file not touched since {@code cutoff} and not this replica's; how many. */
    public Uni<Integer> recover(Instant cutoff) {
        Set<String> mine = workers.inFlight();
        return Panache.withSession(() -> FolderFile.<FolderFile>list("processingStatus in ?1 and updatedAt < ?2 order by updatedAt",
                UNFINISHED, cutoff)).chain(candidates -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (FolderFile f : candidates) {
                if (mine.contains(f.id)) {
                    continue;
                }
                chain = chain.chain(n -> abandon(f, cutoff).map(marked -> marked ? n + 1 : n));
            }
            return chain;
        });
    }

    private Uni<Boolean> abandon(FolderFile f, Instant cutoff) {
        Actor actor = new Actor(f.organizationId, Actor.DEFAULT_USER);
        // the chunks first: a file marked error has none; the update only wins if nobody touched the file meanwhile
        return passages.deleteFile(actor, f.folderId, f.id)
                .chain(() -> Panache.withTransaction(() -> FolderFile.update("processingStatus = ?1, errorMessage = ?2, content = null, "
                                + "chunksEmbedded = 0, updatedAt = ?3 where id = ?4 and processingStatus in ?5 and updatedAt < ?6",
                        FolderFile.ERROR, INTERRUPTED, dev.engram.agent.db.Times.now(), f.id, UNFINISHED, cutoff)))
                .map(rows -> rows > 0)
                .invoke(marked -> {
                    if (marked) {
                        LOG.infof("file %s of folder %s was left %s by a stopped server: marked error", f.id, f.folderId, f.processingStatus);
                    }
                });
    }
}
