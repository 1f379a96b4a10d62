package dev.engram.agent.folder;

import dev.engram.agent.db.Keyset;
import dev.engram.agent.db.UniqueViolations;
import dev.engram.agent.loop.VertxContexts;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A folder's files. An upload is answered at once, its file {@code pending}, and ingested in the background by
 * {@link FileIngest} on {@link IngestWorkers} (parsing, embedding, then completed or error); clients poll the file.
 * {@link #ingest} runs the same ingest for a caller that waits for it (an import). Deleting a file or its folder while
 * it is ingested leaves no chunk: the ingest sees the row gone and removes what it indexed.
 */
@ApplicationScoped
public class FileService {


    private final SourcePassages passages;
    private final AgentFolders agentFolders;
    private final FileIngest ingest;
    private final IngestWorkers workers;
    private final long maxBytes;

    public FileService(SourcePassages passages, AgentFolders agentFolders, FileIngest ingest, IngestWorkers workers,
                       @ConfigProperty(name = "engram.files.max-upload-bytes", defaultValue = "10485760") long maxBytes) {
        this.passages = passages;
        this.agentFolders = agentFolders;
        this.ingest = ingest;
        this.workers = workers;
        this.maxBytes = maxBytes;
    }

    /** An uploaded file as the resource hands it over. */
    public record Upload(String fileName, Path path, long size) {
    }

    /** Stores the file ({@code pending}) and queues its ingest; answers without waiting for it. */
    public Uni<FileView> upload(Actor actor, String folderId, Upload upload, String duplicateHandling, String name) {
        String policy = duplicateHandling == null ? "suffix" : duplicateHandling;
        if (!List.of("skip", "error", "suffix", "replace").contains(policy)) {
            throw ApiException.unprocessable("duplicate_handling: Input should be 'skip', 'error', 'suffix' or 'replace'");
        }
        String original = name != null && !name.isBlank() ? name : upload.fileName();
        if (original == null || original.isBlank()) {
            throw ApiException.unprocessable("file: the upload has no file name");
        }
        String originalName = baseName(original);
        FileTypes.of(originalName);
        if (upload.size() > maxBytes) {
            throw new ApiException(413, "File too large: " + upload.size() + " bytes exceeds the limit of " + maxBytes + " bytes");
        }
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
                    // the upload's temporary file goes with the request: the ingest reads its own copy
                    return spool(upload.path()).chain(content -> replaced
                            .chain(() -> create(actor, folder, originalName, upload.size(), policy.equals("replace")))
                            .onFailure().invoke(content::discard)
                            .invoke(file -> workers.submit(file.id, () -> ingest.run(actor, folder, file, content)))
                            .map(file -> FileView.of(file, false)));
                }));
    }

    /**
     * Stores a file of the folder under {@code fileName} (suffixed when the folder has one of that name) and ingests
     * {@code content} now, answering once the file is completed (or in error): the same ingest as an upload's, waited
     * for. For importers (Agent Files) that must not answer before the files are indexed. Call it outside a
     * transaction, once the folder is committed: the ingest runs on its own context and connection, and must see both.
     */
    public Uni<FileView> ingest(Actor actor, String folderId, String fileName, FileContent content) {
        if (fileName == null || fileName.isBlank()) {
            throw ApiException.unprocessable("file_name: Field required");
        }
        String originalName = baseName(fileName);
        FileTypes.of(originalName);
        long size = switch (content) {
            case FileContent.Text t -> t.text() == null ? 0 : t.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            case FileContent.Bytes b -> b.bytes().length;
            case FileContent.Spooled s -> s.path().toFile().length();
        };
        return Panache.withSession(() -> FolderService.find(actor, folderId))
                .chain(folder -> create(actor, folder, originalName, size, false)
                        .chain(file -> workers.submit(file.id, () -> ingest.run(actor, folder, file, content))
                                .onItem().ifNull().failWith(() -> ApiException.notFound("File with id " + file.id + " not found"))))
                .map(f -> FileView.of(f, false));
    }

    private static String baseName(String name) {
        return Path.of(name.replace('\\', '/')).getFileName().toString();
    }

    /** A copy of the upload of the ingest's own (read off the event loop). */
    private static Uni<FileContent> spool(Path upload) {
        return VertxContexts.onCaller(Uni.createFrom().item(() -> {
            try {
                Path copy = Files.createTempFile("engram-upload-", ".bin");
                Files.copy(upload, copy, StandardCopyOption.REPLACE_EXISTING);
                return (FileContent) new FileContent.Spooled(copy);
            } catch (IOException e) {
                throw new ApiException(500, "Could not keep the upload: " + e.getMessage());
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    /**
     * An Agent File's file: its text already known, ingested as {@link #ingest} does (not parsed again) and answered
     * once indexed. Without text (a file that had failed where it was exported) it is kept failed with
     * {@code errorIfNoText}. Call it outside a transaction, like {@link #ingest}.
     */
    public Uni<FolderFile> ingestText(Actor actor, String folderId, String originalName, long size, String text, String errorIfNoText) {
        FileTypes.of(originalName);
        return Panache.withSession(() -> FolderService.find(actor, folderId))
                .chain(folder -> create(actor, folder, originalName, size, false)
                        .chain(file -> text == null ? FileIngest.fail(file.id, errorIfNoText)
                                : workers.submit(file.id, () -> ingest.run(actor, folder, file, FileContent.text(text)))
                                        .onItem().ifNull().failWith(() -> ApiException.notFound("File with id " + file.id + " not found"))));
    }

    private static Uni<FolderFile> existing(Folder folder, String originalName) {
        return Panache.withSession(() -> FolderFile.<FolderFile>find("folderId = ?1 and originalFileName = ?2 order by createdAt, id",
                folder.id, originalName).firstResult());
    }

    /** The file's row, status pending, under a name unique in the folder ({@code base_(n).ext} after the first). */
    private Uni<FolderFile> create(Actor actor, Folder folder, String original, long size, boolean sameName) {
        FileTypes.Type type = FileTypes.of(original);
        return Panache.withTransaction(() -> FolderFile.count("folderId = ?1 and originalFileName = ?2", folder.id, original).chain(n -> {
            FolderFile f = new FolderFile();
            f.id = "file-" + UUID.randomUUID();
            f.organizationId = actor.organizationId();
            f.folderId = folder.id;
            f.originalFileName = original;
            f.fileName = folder.name + "/" + (n == 0 || sameName ? original : suffixed(original, n));
            f.fileType = type.mimeType();
            f.fileSize = size;
            f.processingStatus = FolderFile.PENDING;
            f.createdAt = dev.engram.agent.db.Times.now();
            f.updatedAt = f.createdAt;
            return f.persist().replaceWith(f);
        })).onFailure(UniqueViolations::is).transform(e -> ApiException.conflict("A file named '" + original
                + "' is being uploaded to this folder at the same time; try again"));
    }

    static String suffixed(String name, long n) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name + "_(" + n + ")" : name.substring(0, dot) + "_(" + n + ")" + name.substring(dot);
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

    /**
     * Removes the file's chunks from memory-service, then the file (and it from its agents' contexts). A file still
     * being ingested has its chunks removed once more after its row: what a batch indexed in between goes too (the
     * ingest, finding the row gone, removes its own as well).
     */
    public Uni<Void> delete(Actor actor, String folderId, String fileId) {
        return Panache.withSession(() -> FolderService.find(actor, folderId).chain(folder -> file(folder.id, fileId)))
                .chain(f -> passages.deleteFile(actor, f.folderId, f.id)
                        .chain(() -> Panache.withSession(() -> AgentFile.<AgentFile>list("fileId", f.id)))
                        .chain(links -> Panache.withTransaction(() -> FolderFile.delete("id", f.id))
                                .chain(() -> unfinished(f) ? passages.deleteFile(actor, f.folderId, f.id) : Uni.createFrom().voidItem())
                                .chain(() -> agentFolders.refreshAgents(actor, links.stream().map(l -> l.agentId).distinct().toList()))));
    }

    static boolean unfinished(FolderFile f) {
        return !FolderFile.COMPLETED.equals(f.processingStatus) && !FolderFile.ERROR.equals(f.processingStatus);
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
}
