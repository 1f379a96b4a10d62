package dev.engram.agent.folder;

import dev.engram.agent.agent.ModelConfigs;
import dev.engram.agent.db.Keyset;
import dev.engram.agent.db.UniqueViolations;
import dev.engram.agent.memory.SourcePassages;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.engram.agent.db.Times.now;

/** Folders of an organization: create, read, rename, delete (with their files, chunks and agent attachments). */
@ApplicationScoped
public class FolderService {

    private final ModelConfigs models;
    private final SourcePassages passages;
    private final AgentFolders agentFolders;
    private final Optional<String> defaultEmbedding;

    public FolderService(ModelConfigs models, SourcePassages passages, AgentFolders agentFolders,
                         @ConfigProperty(name = "engram.default-embedding-handle") Optional<String> defaultEmbedding) {
        this.models = models;
        this.passages = passages;
        this.agentFolders = agentFolders;
        this.defaultEmbedding = defaultEmbedding;
    }

    public Uni<FolderView> create(Actor actor, FolderRequests.Create r) {
        if (r == null || r.name() == null || r.name().isBlank()) {
            throw ApiException.unprocessable("name: Field required");
        }
        Folder f = new Folder();
        f.id = "source-" + UUID.randomUUID();
        f.organizationId = actor.organizationId();
        f.name = checkName(r.name());
        f.description = r.description();
        f.instructions = r.instructions();
        f.metadata = r.metadata();
        f.embedding = r.embedding() != null ? r.embedding()
                : r.embeddingConfig() != null && r.embeddingConfig().hasNonNull("handle") ? r.embeddingConfig().get("handle").asText()
                : defaultEmbedding.orElse(null);
        f.embeddingConfig = f.embedding == null ? r.embeddingConfig() : models.embeddingConfig(f.embedding);
        if (r.embeddingChunkSize() != null && r.embeddingChunkSize() < 1) {
            throw ApiException.unprocessable("embedding_chunk_size: must be at least 1");
        }
        f.embeddingChunkSize = r.embeddingChunkSize();
        if (f.embeddingChunkSize != null && f.embeddingConfig != null && f.embeddingConfig.isObject()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) f.embeddingConfig).put("embedding_chunk_size", f.embeddingChunkSize);
        }
        f.createdAt = now();
        f.updatedAt = f.createdAt;
        f.createdById = actor.userId();
        f.lastUpdatedById = actor.userId();
        return Panache.withTransaction(() -> f.persist()).replaceWith(f)
                .onFailure(UniqueViolations::is).transform(e -> duplicate(f.name))
                .map(FolderView::of);
    }

    public Uni<List<FolderView>> list(Actor actor, String before, String after, int limit, boolean ascending, String name) {
        String org = actor.organizationId();
        Map<String, Object> params = new HashMap<>(Map.of("org", org));
        StringBuilder q = new StringBuilder("organizationId = :org");
        if (name != null) {
            q.append(" and name = :name");
            params.put("name", name);
        }
        return Panache.withSession(() -> Keyset.resolve("Folder", "createdAt", org, "after", after, "folder")
                .chain(a -> Keyset.resolve("Folder", "createdAt", org, "before", before, "folder").chain(b -> {
                    Keyset.Plan plan = Keyset.plan("createdAt", a, b, ascending, params);
                    return Folder.<Folder>find(q + plan.condition() + plan.order(), params).page(0, limit).list().map(plan::arrange);
                }))).map(rows -> rows.stream().map(FolderView::of).toList());
    }

    public Uni<Long> count(Actor actor) {
        return Panache.withSession(() -> Folder.count("organizationId", actor.organizationId()));
    }

    public Uni<Folder> require(Actor actor, String id) {
        return Panache.withSession(() -> find(actor, id));
    }

    /** Within the caller's session. */
    static Uni<Folder> find(Actor actor, String id) {
        return Folder.<Folder>find("id = ?1 and organizationId = ?2", id, actor.organizationId()).firstResult()
                .onItem().ifNull().failWith(() -> notFound(id));
    }

    public Uni<String> idByName(Actor actor, String name) {
        return Panache.withSession(() -> Folder.<Folder>find("organizationId = ?1 and name = ?2", actor.organizationId(), name)
                .firstResult()).onItem().ifNull().failWith(() -> ApiException.notFound("Folder with name " + name + " not found"))
                .map(f -> f.id);
    }

    public Uni<FolderView> update(Actor actor, String id, FolderRequests.Update r) {
        if (r != null && r.embeddingConfig() != null) {
            throw ApiException.badRequest("embedding_config: a folder's embedding model cannot be changed once it has files");
        }
        return Panache.withTransaction(() -> find(actor, id).invoke(f -> {
                    if (r != null) {
                        if (r.name() != null) {
                            f.name = checkName(r.name());
                        }
                        if (r.description() != null) {
                            f.description = r.description();
                        }
                        if (r.instructions() != null) {
                            f.instructions = r.instructions();
                        }
                        if (r.metadata() != null) {
                            f.metadata = r.metadata();
                        }
                    }
                    f.updatedAt = now();
                    f.lastUpdatedById = actor.userId();
                }).call(f -> Panache.getSession().chain(s -> s.flush())))
                .onFailure(UniqueViolations::is).transform(e -> duplicate(r.name()))
                // the folder's name and description are shown in its agents' <directories> sections
                .call(f -> agentFolders.refreshAgentsOf(actor, f.id))
                .map(FolderView::of);
    }

    /**
     * Detaches it from its agents, removes its chunks from memory-service, then the folder and its files. With a file
     * still being ingested, the chunks are removed once more after the rows: what a batch indexed in between goes too.
     */
    public Uni<Void> delete(Actor actor, String id) {
        return require(actor, id)
                .call(f -> agentFolders.detachFromAll(actor, f.id))
                .call(f -> passages.deleteSource(actor, f.id))
                .chain(f -> Panache.withSession(() -> FolderFile.count("folderId = ?1 and processingStatus in ?2", f.id,
                                List.of(FolderFile.PENDING, FolderFile.PARSING, FolderFile.EMBEDDING)))
                        .call(() -> Panache.withTransaction(() -> Folder.delete("id = ?1 and organizationId = ?2", f.id, actor.organizationId())))
                        .chain(unfinished -> unfinished > 0 ? passages.deleteSource(actor, f.id) : Uni.createFrom().voidItem()));
    }

    public Uni<FolderStats> metadata(Actor actor, boolean detailed) {
        String org = actor.organizationId();
        return Panache.withSession(() -> Folder.<Folder>list("organizationId = ?1 order by createdAt, id", org)
                .chain(folders -> FolderFile.<FolderFile>list("organizationId = ?1 order by createdAt, id", org).map(files -> {
                    Map<String, List<FolderFile>> byFolder = new LinkedHashMap<>();
                    for (FolderFile file : files) {
                        byFolder.computeIfAbsent(file.folderId, k -> new ArrayList<>()).add(file);
                    }
                    List<FolderStats.Source> sources = new ArrayList<>();
                    long totalSize = 0;
                    for (Folder f : folders) {
                        List<FolderFile> of = byFolder.getOrDefault(f.id, List.of());
                        long size = of.stream().mapToLong(x -> x.fileSize).sum();
                        totalSize += size;
                        List<FolderStats.File> fileStats = detailed
                                ? of.stream().map(x -> new FolderStats.File(x.id, x.fileName, x.fileSize)).toList() : List.of();
                        sources.add(new FolderStats.Source(f.id, f.name, of.size(), size, fileStats));
                    }
                    return new FolderStats(folders.size(), files.size(), totalSize, detailed ? sources : List.of());
                })));
    }

    static String checkName(String name) {
        if (name.isBlank()) {
            throw ApiException.unprocessable("name: must not be empty");
        }
        if (name.contains("/")) {
            throw ApiException.unprocessable("name: must not contain '/' (file names are folder_name/file_name)");
        }
        return name;
    }

    static ApiException notFound(String id) {
        return ApiException.notFound("Folder with id " + id + " not found");
    }

    private static ApiException duplicate(String name) {
        return ApiException.conflict("Folder with name " + name + " already exists");
    }
}
