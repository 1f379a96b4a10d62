package dev.engram.agent.folder;

import dev.engram.agent.db.Keyset;
import dev.engram.agent.db.UniqueViolations;
import dev.engram.agent.loop.VertxContexts;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.memory.SourcePassages;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A folder's files. An upload is processed before it is answered: parsed (PDF through PDFBox, text as UTF-8), split
 * into chunks, embedded and indexed by memory-service as passages of the folder, then put into the context of the
 * folder's agents. A file that fails on the way is kept with status {@code error} and its message, with no chunks.
 */
@ApplicationScoped
public class FileService {

    private static final Logger LOG = Logger.getLogger(FileService.class);
    /** memory-service takes at most this many passages a request. */
    static final int BATCH = 500;

    private final SourcePassages passages;
    private final AgentFolders agentFolders;
    private final long maxBytes;

    public FileService(SourcePassages passages, AgentFolders agentFolders,
                       @ConfigProperty(name = "engram.files.max-upload-bytes", defaultValue = "10485760") long maxBytes) {
        this.passages = passages;
        this.agentFolders = agentFolders;
        this.maxBytes = maxBytes;
    }

    /** An uploaded file as the resource hands it over. */
    public record Upload(String fileName, Path path, long size) {
    }

    public Uni<FileView> upload(Actor actor, String folderId, Upload upload, String duplicateHandling, String name) {
        String policy = duplicateHandling == null ? "suffix" : duplicateHandling;
        if (!List.of("skip", "error", "suffix", "replace").contains(policy)) {
            throw ApiException.unprocessable("duplicate_handling: Input should be 'skip', 'error', 'suffix' or 'replace'");
        }
        String original = name != null && !name.isBlank() ? name : upload.fileName();
        if (original == null || original.isBlank()) {
            throw ApiException.unprocessable("file: the upload has no file name");
        }
        original = Path.of(original.replace('\\', '/')).getFileName().toString();
        FileTypes.Type type = FileTypes.of(original);
        if (upload.size() > maxBytes) {
            throw new ApiException(413, "File too large: " + upload.size() + " bytes exceeds the limit of " + maxBytes + " bytes");
        }
        String originalName = original;
        return Panache.withSession(() -> FolderService.find(actor, folderId))
                .chain(folder -> existing(folder, originalName).chain(same -> {
                    if (same != null && policy.equals("skip")) {
                        return Uni.createFrom().<FileView>item(FileView.of(same, false));
                    }
                    if (same != null && policy.equals("error")) {
                        return Uni.createFrom().<FileView>failure(ApiException.conflict("File '" + originalName + "' already exists in folder '"
                                + folder.name + "'"));
                    }
                    Uni<Void> replaced = same != null && policy.equals("replace") ? delete(actor, folder.id, same.id) : Uni.createFrom().voidItem();
                    return replaced.chain(() -> create(actor, folder, originalName, type, upload.size(), policy.equals("replace")))
                            .chain(file -> process(actor, folder, file, type, upload.path()));
                }));
    }

    /**
     * A file whose text is already known (an Agent File's file), processed as an upload is but without parsing, and
     * answered once it is indexed: status {@code completed}, or {@code error} with its message. Without text (a file
     * that had failed) it is kept failed with {@code errorIfNoText}.
     */
    public Uni<FolderFile> ingestText(Actor actor, String folderId, String originalName, long size, String text, String errorIfNoText) {
        FileTypes.Type type = FileTypes.of(originalName);
        return Panache.withSession(() -> FolderService.find(actor, folderId))
                .chain(folder -> create(actor, folder, originalName, type, size, false)
                        .chain(file -> text == null ? fail(file.id, errorIfNoText) : index(actor, folder, file, text)));
    }

    private static Uni<FolderFile> existing(Folder folder, String originalName) {
        return Panache.withSession(() -> FolderFile.<FolderFile>find("folderId = ?1 and originalFileName = ?2 order by createdAt, id",
                folder.id, originalName).firstResult());
    }

    /** The file's row, status parsing, under a name unique in the folder ({@code base_(n).ext} after the first). */
    private Uni<FolderFile> create(Actor actor, Folder folder, String original, FileTypes.Type type, long size, boolean sameName) {
        return Panache.withTransaction(() -> FolderFile.count("folderId = ?1 and originalFileName = ?2", folder.id, original).chain(n -> {
            FolderFile f = new FolderFile();
            f.id = "file-" + UUID.randomUUID();
            f.organizationId = actor.organizationId();
            f.folderId = folder.id;
            f.originalFileName = original;
            f.fileName = folder.name + "/" + (n == 0 || sameName ? original : suffixed(original, n));
            f.fileType = type.mimeType();
            f.fileSize = size;
            f.processingStatus = FolderFile.PARSING;
            f.createdAt = FolderService.now();
            f.updatedAt = f.createdAt;
            return f.persist().replaceWith(f);
        })).onFailure(UniqueViolations::is).transform(e -> ApiException.conflict("A file named '" + original
                + "' is being uploaded to this folder at the same time; try again"));
    }

    static String suffixed(String name, long n) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name + "_(" + n + ")" : name.substring(0, dot) + "_(" + n + ")" + name.substring(dot);
    }

    private Uni<FileView> process(Actor actor, Folder folder, FolderFile file, FileTypes.Type type, Path path) {
        // parsing reads the file and may be slow (PDF): off the event loop, continuing on the request's context
        Uni<String> parsed = VertxContexts.onCaller(Uni.createFrom().item(() -> {
            try {
                return TextExtractor.text(type, Files.readAllBytes(path));
            } catch (IOException e) {
                throw new ParseError("Could not read the upload: " + e.getMessage());
            } catch (TextExtractor.ParseFailure e) {
                throw new ParseError(e.getMessage());
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
        return parsed.onFailure(ParseError.class).recoverWithUni(e -> fail(file.id, e.getMessage()).replaceWith((String) null))
                .chain(text -> text == null ? load(file.id) : index(actor, folder, file, text))
                .map(f -> FileView.of(f, false));
    }

    /** Chunks, embeds and indexes the text; on failure removes what was indexed and marks the file failed. */
    private Uni<FolderFile> index(Actor actor, Folder folder, FolderFile file, String text) {
        List<String> chunks = Chunker.chunks(text, folder.embeddingChunkSize);
        Uni<Void> stored = status(file.id, f -> {
            f.processingStatus = FolderFile.EMBEDDING;
            f.content = text;
            f.totalChunks = chunks.size();
            f.chunksEmbedded = 0;
        });
        for (int start = 0; start < chunks.size(); start += BATCH) {
            List<MemoryRecords.CreatePassage> batch = new ArrayList<>();
            for (String chunk : chunks.subList(start, Math.min(start + BATCH, chunks.size()))) {
                batch.add(new MemoryRecords.CreatePassage(chunk, List.of(file.id), null,
                        Map.of("file_id", file.id, "file_name", file.fileName, "source_id", folder.id), folder.embedding));
            }
            int done = Math.min(start + BATCH, chunks.size());
            String key = "file:" + file.id + ":" + start;
            stored = stored.chain(() -> passages.insert(actor, key, folder.id, batch))
                    .chain(() -> status(file.id, f -> f.chunksEmbedded = done));
        }
        return stored.chain(() -> status(file.id, f -> f.processingStatus = FolderFile.COMPLETED))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("file %s failed while indexing: %s", file.id, e.toString());
                    return passages.deleteFile(actor, folder.id, file.id).onFailure().recoverWithNull()
                            .chain(() -> fail(file.id, "Failed to index the file: " + e.getMessage())).replaceWithVoid();
                })
                .chain(() -> load(file.id))
                .call(f -> FolderFile.COMPLETED.equals(f.processingStatus) ? agentFolders.addToAgents(actor, f) : Uni.createFrom().voidItem());
    }

    private static Uni<FolderFile> fail(String fileId, String message) {
        return status(fileId, f -> {
            f.processingStatus = FolderFile.ERROR;
            f.errorMessage = message;
            f.content = null;
            f.chunksEmbedded = 0;
        }).chain(() -> load(fileId));
    }

    private static Uni<Void> status(String fileId, java.util.function.Consumer<FolderFile> change) {
        return Panache.withTransaction(() -> FolderFile.<FolderFile>findById(fileId).invoke(f -> {
            change.accept(f);
            f.updatedAt = FolderService.now();
        })).replaceWithVoid();
    }

    private static Uni<FolderFile> load(String fileId) {
        return Panache.withSession(() -> FolderFile.<FolderFile>findById(fileId));
    }

    public Uni<List<FileView>> list(Actor actor, String folderId, String before, String after, int limit, boolean ascending,
                                    boolean withContent) {
        String org = actor.organizationId();
        return Panache.withSession(() -> FolderService.find(actor, folderId).chain(folder -> {
            Map<String, Object> params = new HashMap<>(Map.of("folder", folder.id, "org", org));
            return Keyset.resolve("FolderFile", "createdAt", org, "after", after, "file")
                    .chain(a -> Keyset.resolve("FolderFile", "createdAt", org, "before", before, "file").chain(b -> {
                        Keyset.Plan plan = Keyset.plan("createdAt", a, b, ascending, params);
                        return FolderFile.<FolderFile>find("folderId = :folder and organizationId = :org" + plan.condition() + plan.order(), params)
                                .page(0, limit).list().map(plan::arrange);
                    }));
        })).map(rows -> rows.stream().map(f -> FileView.of(f, withContent)).toList());
    }

    public Uni<FileView> get(Actor actor, String folderId, String fileId, boolean withContent) {
        return Panache.withSession(() -> FolderService.find(actor, folderId).chain(folder -> file(folder.id, fileId)))
                .map(f -> FileView.of(f, withContent));
    }

    static Uni<FolderFile> file(String folderId, String fileId) {
        return FolderFile.<FolderFile>find("id = ?1 and folderId = ?2", fileId, folderId).firstResult()
                .onItem().ifNull().failWith(() -> ApiException.notFound("File with id " + fileId + " not found"));
    }

    /** Removes the file's chunks from memory-service, then the file (and it from its agents' contexts). */
    public Uni<Void> delete(Actor actor, String folderId, String fileId) {
        return Panache.withSession(() -> FolderService.find(actor, folderId).chain(folder -> file(folder.id, fileId)))
                .chain(f -> passages.deleteFile(actor, f.folderId, f.id)
                        .chain(() -> Panache.withSession(() -> AgentFile.<AgentFile>list("fileId", f.id)))
                        .chain(links -> Panache.withTransaction(() -> FolderFile.delete("id", f.id))
                                .chain(() -> agentFolders.refreshAgents(actor, links.stream().map(l -> l.agentId).distinct().toList()))));
    }

    /** The folder's chunks as Letta's Passages. */
    public Uni<List<FolderPassageView>> passages(Actor actor, String folderId, String before, String after, int limit, boolean ascending) {
        return Panache.withSession(() -> FolderService.find(actor, folderId)).chain(folder -> {
            MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
            if (before != null) {
                q.putSingle("before", before);
            }
            if (after != null) {
                q.putSingle("after", after);
            }
            q.putSingle("limit", String.valueOf(limit));
            q.putSingle("ascending", String.valueOf(ascending));
            return passages.list(actor, folder.id, q).map(list -> list.stream().map(p -> FolderPassageView.of(p, folder)).toList());
        });
    }

    /** A file the extractor could not read: the file fails, the request does not. */
    static final class ParseError extends RuntimeException {
        ParseError(String message) {
            super(message, null, false, false);
        }
    }
}
