package dev.engram.agent.folder;

import dev.engram.agent.loop.TokenCounter;
import dev.engram.agent.loop.VertxContexts;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.memory.SourcePassages;
import dev.engram.agent.usage.UsageRecorder;
import dev.engram.agent.web.Actor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one way a file's content is ingested: parsed (status {@code parsing}), split into chunks and indexed by
 * memory-service as passages of the folder, a batch at a time ({@code embedding}, {@code chunks_embedded} counting up),
 * then {@code completed} and put into the context of the folder's agents. A file that fails on the way ends in
 * {@code error} with its message and no chunk. A file deleted meanwhile (its row gone) stops the ingest, which removes
 * what it had indexed. Each embedded chunk is metered as an embedding ({@code embedding:file_chunk:<passage id>}).
 */
@ApplicationScoped
public class FileIngest {

    private static final Logger LOG = Logger.getLogger(FileIngest.class);
    /** memory-service takes at most this many passages a request. */
    static final int BATCH = 500;

    private final SourcePassages passages;
    private final AgentFolders agentFolders;
    private final UsageRecorder usage;

    public FileIngest(SourcePassages passages, AgentFolders agentFolders, UsageRecorder usage) {
        this.passages = passages;
        this.agentFolders = agentFolders;
        this.usage = usage;
    }

    /** Ingests the file's content; the file as it ended (null when it was deleted meanwhile). */
    public Uni<FolderFile> run(Actor actor, Folder folder, FolderFile file, FileContent content) {
        FileTypes.Type type = FileTypes.ofStored(file.originalFileName);
        return status(file.id, f -> f.processingStatus = FolderFile.PARSING).chain(present -> {
            if (!present) {
                return Uni.createFrom().<FolderFile>nullItem();
            }
            // parsing reads the file and may be slow (PDF): off the event loop, continuing on this context
            Uni<String> parsed = VertxContexts.onCaller(Uni.createFrom().item(() -> {
                try {
                    return content.extract(type);
                } catch (TextExtractor.ParseFailure e) {
                    throw new ParseError(e.getMessage());
                }
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
            return parsed.onFailure(ParseError.class).recoverWithUni(e -> fail(file.id, e.getMessage()).replaceWith((String) null))
                    .chain(text -> text == null ? load(file.id) : index(actor, folder, file, text));
        }).onTermination().invoke(content::discard);
    }

    /** Chunks, embeds and indexes the text; on failure removes what was indexed and marks the file failed. */
    private Uni<FolderFile> index(Actor actor, Folder folder, FolderFile file, String text) {
        List<String> chunks = Chunker.chunks(text, folder.embeddingChunkSize);
        Uni<Void> stored = present(status(file.id, f -> {
            f.processingStatus = FolderFile.EMBEDDING;
            f.content = text;
            f.totalChunks = chunks.size();
            f.chunksEmbedded = 0;
        }));
        for (int start = 0; start < chunks.size(); start += BATCH) {
            List<MemoryRecords.CreatePassage> batch = new ArrayList<>();
            for (String chunk : chunks.subList(start, Math.min(start + BATCH, chunks.size()))) {
                batch.add(new MemoryRecords.CreatePassage(chunk, List.of(file.id), null,
                        Map.of("file_id", file.id, "file_name", file.fileName, "source_id", folder.id), folder.embedding));
            }
            int done = Math.min(start + BATCH, chunks.size());
            String key = "file:" + file.id + ":" + start;
            stored = stored.chain(() -> passages.insert(actor, key, folder.id, batch))
                    .call(inserted -> metered(actor, folder, file, inserted))
                    // checked after every batch: a file deleted meanwhile stops here and its chunks are removed
                    .chain(() -> present(status(file.id, f -> f.chunksEmbedded = done)));
        }
        return stored.chain(() -> present(status(file.id, f -> f.processingStatus = FolderFile.COMPLETED)))
                .chain(() -> load(file.id))
                .onFailure().recoverWithUni(e -> {
                    boolean gone = e instanceof Gone;
                    if (!gone) {
                        LOG.warnf("file %s failed while indexing: %s", file.id, e.toString());
                    }
                    return passages.deleteFile(actor, folder.id, file.id).onFailure().recoverWithNull()
                            .chain(() -> gone ? Uni.createFrom().<FolderFile>nullItem() : fail(file.id, "Failed to index the file: " + e.getMessage()));
                })
                .call(f -> f != null && FolderFile.COMPLETED.equals(f.processingStatus) ? agentFolders.addToAgents(actor, f) : Uni.createFrom().voidItem());
    }

    private Uni<Void> metered(Actor actor, Folder folder, FolderFile file, List<MemoryRecords.Passage> inserted) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (MemoryRecords.Passage p : inserted) {
            if (p.embeddingHandle() != null) {
                chain = chain.chain(() -> usage.embedding(actor.organizationId(), null, "file_chunk:" + p.id(), p.embeddingHandle(),
                        TokenCounter.count(p.text()), true, Map.of("file_id", file.id, "folder_id", folder.id)));
            }
        }
        return chain;
    }

    /** Marks the file failed, its text and progress dropped; the file, or null when it is gone. */
    static Uni<FolderFile> fail(String fileId, String message) {
        return status(fileId, f -> {
            f.processingStatus = FolderFile.ERROR;
            f.errorMessage = message;
            f.content = null;
            f.chunksEmbedded = 0;
        }).chain(present -> present ? load(fileId) : Uni.createFrom().nullItem());
    }

    /** Changes the unfinished file's row; false when the row is gone (the file was deleted) or already ended. */
    static Uni<Boolean> status(String fileId, Consumer<FolderFile> change) {
        return Panache.withTransaction(() -> FolderFile.<FolderFile>findById(fileId).map(f -> {
            // gone, or ended by someone else (StuckFiles took it for abandoned): this ingest no longer owns it
            if (f == null || FolderFile.COMPLETED.equals(f.processingStatus) || FolderFile.ERROR.equals(f.processingStatus)) {
                return false;
            }
            change.accept(f);
            f.updatedAt = dev.engram.agent.db.Times.now();
            return true;
        }));
    }

    private static Uni<Void> present(Uni<Boolean> changed) {
        return changed.invoke(present -> {
            if (!present) {
                throw new Gone();
            }
        }).replaceWithVoid();
    }

    static Uni<FolderFile> load(String fileId) {
        return Panache.withSession(() -> FolderFile.<FolderFile>findById(fileId));
    }

    /** A file the extractor could not read: the file fails, the ingest does not. */
    static final class ParseError extends RuntimeException {
        ParseError(String message) {
            super(message, null, false, false);
        }
    }

    /** The file was deleted while it was being ingested. */
    static final class Gone extends RuntimeException {
        Gone() {
            super("the file was deleted", null, false, false);
        }
    }
}
