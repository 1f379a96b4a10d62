package dev.engram.agent.folder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.agent.Agent;
import dev.engram.agent.agent.AgentService;
import dev.engram.agent.agentfile.FolderSection;
import dev.engram.agent.agentfile.ImportOptions;
import dev.engram.agent.agentfile.ImportUndo;
import dev.engram.agent.agentfile.Times;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An agent's folders inside its Agent File: the attached folders as {@code sources}, their files with their text as
 * {@code files} (a folder several agents of the file share once), the agent's {@code source_ids} and {@code files_agents} (open or closed, window, last access).
 *
 * <p>On import each source becomes a new folder of the organization; a name already taken gets {@code _} and eight hex
 * digits appended, as Letta does, so nothing existing is touched or merged. Each file's text is chunked, embedded and
 * indexed as an upload is, before the import answers; a file that cannot be indexed fails the import (one that comes
 * without text, having failed where it was exported, is kept failed). The folders are
 * attached to the new agents and each file's state in their context is restored.
 */
@ApplicationScoped
public class AgentFileFolders implements FolderSection {

    private static final Logger LOG = Logger.getLogger(AgentFileFolders.class);

    private final FolderService folders;
    private final FileService files;
    private final AgentFolders agentFolders;
    private final AgentService agents;

    public AgentFileFolders(FolderService folders, FileService files, AgentFolders agentFolders, AgentService agents) {
        this.agents = agents;
        this.folders = folders;
        this.files = files;
        this.agentFolders = agentFolders;
    }

    // --- export

    @Override
    public Uni<Void> export(Actor actor, String agentId, String agentFileId, ObjectNode document, ObjectNode agent, IdMap ids) {
        return Panache.withSession(() -> AgentFolders.foldersOf(agentId).chain(attached -> {
            List<String> folderIds = attached.stream().map(f -> f.id).toList();
            Uni<List<FolderFile>> fileRows = folderIds.isEmpty() ? Uni.createFrom().item(List.of())
                    : FolderFile.<FolderFile>list("folderId in ?1 order by createdAt, id", folderIds);
            return fileRows.chain(rows -> AgentFile.<AgentFile>list("agentId = ?1 order by createdAt, id", agentId).map(links -> {
                ArrayNode sourceIds = agent.putArray("source_ids");
                ArrayNode sources = (ArrayNode) document.get("sources");
                List<Folder> fresh = new ArrayList<>(); // a folder another agent of the file brought is written once
                for (Folder f : attached) {
                    String fileId = ids.of("source", f.id);
                    sourceIds.add(fileId);
                    if (!holds(sources, fileId)) {
                        sources.add(source(f, fileId));
                        fresh.add(f);
                    }
                }
                Map<String, List<FolderFile>> byFolder = new LinkedHashMap<>();
                rows.forEach(r -> byFolder.computeIfAbsent(r.folderId, k -> new ArrayList<>()).add(r));
                ArrayNode fileList = (ArrayNode) document.get("files");
                for (Folder f : fresh) {
                    for (FolderFile file : byFolder.getOrDefault(f.id, List.of())) {
                        fileList.add(file(file, ids.of("file", file.id), ids.of("source", f.id)));
                    }
                }
                ArrayNode filesAgents = agent.putArray("files_agents");
                for (AgentFile l : links) {
                    if (folderIds.contains(l.folderId)) {
                        filesAgents.add(fileAgent(l, agentFileId, ids));
                    }
                }
                return null;
            }));
        })).replaceWithVoid();
    }

    private static boolean holds(ArrayNode section, String fileId) {
        for (JsonNode n : section) {
            if (fileId.equals(n.path("id").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Letta's SourceSchema. */
    private static ObjectNode source(Folder f, String fileId) {
        ObjectNode out = JsonNodes.object();
        out.put("name", f.name);
        out.put("description", f.description);
        out.put("instructions", f.instructions);
        out.set("metadata", f.metadata == null ? JsonNodes.nul() : f.metadata);
        out.put("embedding", f.embedding);
        if (f.embeddingChunkSize == null) {
            out.putNull("embedding_chunk_size");
        } else {
            out.put("embedding_chunk_size", f.embeddingChunkSize);
        }
        out.set("embedding_config", f.embeddingConfig == null ? JsonNodes.nul() : f.embeddingConfig);
        out.put("id", fileId);
        return out;
    }

    /** Letta's FileSchema, with the file's text as {@code content}. */
    private static ObjectNode file(FolderFile f, String fileId, String sourceFileId) {
        ObjectNode out = JsonNodes.object();
        out.put("source_id", sourceFileId);
        out.put("file_name", f.fileName);
        out.put("original_file_name", f.originalFileName);
        out.putNull("file_path");
        out.put("file_type", f.fileType);
        out.put("file_size", f.fileSize);
        out.putNull("file_creation_date");
        out.putNull("file_last_modified_date");
        out.put("processing_status", f.processingStatus);
        out.put("error_message", f.errorMessage);
        number(out, "total_chunks", f.totalChunks);
        number(out, "chunks_embedded", f.chunksEmbedded);
        out.put("content", f.content);
        out.put("id", fileId);
        return out;
    }

    /** Letta's FileAgentSchema. */
    private static ObjectNode fileAgent(AgentFile l, String agentFileId, IdMap ids) {
        ObjectNode out = JsonNodes.object();
        out.put("agent_id", agentFileId);
        out.put("file_id", ids.of("file", l.fileId));
        out.put("source_id", ids.of("source", l.folderId));
        out.put("file_name", l.fileName);
        out.put("is_open", l.isOpen);
        out.put("visible_content", l.visibleContent);
        out.put("last_accessed_at", l.lastAccessedAt == null ? null : OffsetDateTime.ofInstant(l.lastAccessedAt, ZoneOffset.UTC).toString());
        number(out, "start_line", l.startLine);
        number(out, "end_line", l.endLine);
        out.put("id", ids.of("file_agent", l.id));
        return out;
    }

    private static void number(ObjectNode out, String field, Integer value) {
        if (value == null) {
            out.putNull(field);
        } else {
            out.put(field, value);
        }
    }

    // --- import

    @Override
    public Uni<Map<String, String>> importAll(Actor actor, ArrayNode sources, ArrayNode fileList, Map<String, String> agentIds,
                                              ObjectNode document, ImportOptions options, ImportUndo undo) {
        Map<String, String> created = new HashMap<>();
        if (sources.isEmpty()) {
            return Uni.createFrom().item(created);
        }
        String firstAgent = agentIds.values().stream().findFirst().orElse(null);
        Uni<String> agentEmbedding = firstAgent == null ? Uni.createFrom().nullItem()
                : agents.require(actor, firstAgent).map(a -> a.embedding);
        return agentEmbedding.chain(fallback -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (int i = 0; i < sources.size(); i++) {
                JsonNode s = sources.get(i);
                String path = "sources[" + i + "] (" + s.get("id").asText() + ")";
                chain = chain.chain(() -> createFolder(actor, s, embedding(s, options, fallback), path, undo)
                        .invoke(id -> created.put(s.get("id").asText(), id)).replaceWithVoid());
            }
            for (int i = 0; i < fileList.size(); i++) {
                JsonNode f = fileList.get(i);
                String path = "files[" + i + "] (" + f.get("id").asText() + ")";
                chain = chain.chain(() -> createFile(actor, f, created.get(f.get("source_id").asText()), path)
                        .invoke(id -> created.put(f.get("id").asText(), id)).replaceWithVoid());
            }
            for (JsonNode a : document.get("agents")) {
                String agentId = agentIds.get(a.get("id").asText());
                chain = chain.chain(() -> attach(actor, agentId, a, created));
            }
            return chain.replaceWith(created);
        });
    }

    /** The caller's choice, else the source's own model, else the first imported agent's. */
    private static String embedding(JsonNode s, ImportOptions options, String fallback) {
        if (options.embedding() != null) {
            return options.embedding();
        }
        if (s.hasNonNull("embedding")) {
            return s.get("embedding").asText();
        }
        if (s.path("embedding_config").hasNonNull("handle")) {
            return s.get("embedding_config").get("handle").asText();
        }
        return fallback;
    }

    private Uni<String> createFolder(Actor actor, JsonNode s, String embedding, String path, ImportUndo undo) {
        String wanted = s.get("name").asText();
        return Panache.withSession(() -> Folder.count("organizationId = ?1 and name = ?2", actor.organizationId(), wanted)).chain(n -> {
            String name = n == 0 ? wanted : wanted + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            if (n > 0) {
                LOG.infof("agent file import: a folder named %s exists; the imported one is named %s", wanted, name);
            }
            Integer chunkSize = s.path("embedding_chunk_size").canConvertToInt() ? s.get("embedding_chunk_size").asInt() : null;
            FolderRequests.Create request = new FolderRequests.Create(name, text(s, "description"), text(s, "instructions"),
                    s.hasNonNull("metadata") ? s.get("metadata") : null, embedding, chunkSize, null);
            return Uni.createFrom().deferred(() -> folders.create(actor, request))
                    .onFailure(ApiException.class).transform(e -> located(path, (ApiException) e))
                    .invoke(view -> undo.add("folder " + view.id(), () -> folders.delete(actor, view.id())))
                    .map(FolderView::id);
        });
    }

    private Uni<String> createFile(Actor actor, JsonNode f, String folderId, String path) {
        String original = f.hasNonNull("original_file_name") ? f.get("original_file_name").asText()
                : f.get("file_name").asText().substring(f.get("file_name").asText().lastIndexOf('/') + 1);
        String content = text(f, "content");
        long size = f.path("file_size").canConvertToLong() ? f.get("file_size").asLong()
                : content == null ? 0 : content.getBytes(StandardCharsets.UTF_8).length;
        // a file that had failed comes without text: kept failed, as it was
        String noText = text(f, "error_message") != null ? text(f, "error_message") : "The agent file carries no text for this file";
        return Uni.createFrom().deferred(() -> files.ingestText(actor, folderId, original, size, content, noText))
                .onFailure(ApiException.class).transform(e -> located(path, (ApiException) e))
                .map(file -> {
                    if (content != null && !FolderFile.COMPLETED.equals(file.processingStatus)) {
                        throw ApiException.unavailable("Import failed at " + path + ": " + file.errorMessage + "; nothing was imported");
                    }
                    return file.id;
                });
    }

    /** Attaches the agent's folders, then gives each file of its context the state the document has for it. */
    private Uni<Void> attach(Actor actor, String agentId, JsonNode a, Map<String, String> created) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (JsonNode s : a.path("source_ids")) {
            String folderId = created.get(s.asText());
            chain = chain.chain(() -> agentFolders.attach(actor, agentId, folderId).replaceWithVoid());
        }
        JsonNode states = a.get("files_agents");
        if (states == null || !states.isArray() || states.isEmpty()) {
            return chain;
        }
        Map<String, JsonNode> byFile = new HashMap<>();
        states.forEach(st -> byFile.put(created.get(st.path("file_id").asText()), st));
        return chain.chain(() -> agents.require(actor, agentId)).chain(agent -> Panache.withTransaction(() -> AgentFile
                        .<AgentFile>list("agentId", agentId).chain(links -> {
                            Uni<Void> each = Uni.createFrom().voidItem();
                            for (AgentFile l : links) {
                                JsonNode st = byFile.get(l.fileId);
                                if (st != null) {
                                    each = each.chain(() -> FolderFile.<FolderFile>findById(l.fileId).invoke(file -> restore(agent, l, file, st))
                                            .replaceWithVoid());
                                }
                            }
                            return each;
                        }))
                .chain(() -> agentFolders.refresh(actor, agent)).replaceWithVoid());
    }

    /** Open with the document's window (its text rendered again from the file), or closed; its last access time. */
    private static void restore(Agent agent, AgentFile l, FolderFile file, JsonNode st) {
        if (st.path("is_open").asBoolean(false)) {
            Integer start = st.path("start_line").canConvertToInt() ? Math.max(0, st.get("start_line").asInt() - 1) : null;
            Integer end = st.path("end_line").canConvertToInt() ? st.get("end_line").asInt() : null;
            l.isOpen = true;
            l.visibleContent = String.join("\n", FileLines.view(l.fileName, file.content, FileTypes.ofStored(file.originalFileName).lines(),
                    start, end));
            l.startLine = start == null ? null : start + 1;
            l.endLine = end;
        } else {
            AgentFolders.close(l);
        }
        Instant at = st.hasNonNull("last_accessed_at") ? Times.parse(st.get("last_accessed_at").asText()) : null;
        if (at != null) {
            l.lastAccessedAt = at;
        }
        l.updatedAt = dev.engram.agent.db.Times.now();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static ApiException located(String where, ApiException e) {
        return new ApiException(e.status(), "Import failed at " + where + ": " + e.detail() + "; nothing was imported");
    }

    /** Small JSON helpers. */
    private static final class JsonNodes {
        private static final com.fasterxml.jackson.databind.node.JsonNodeFactory F = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;

        static ObjectNode object() {
            return F.objectNode();
        }

        static JsonNode nul() {
            return F.nullNode();
        }
    }
}
