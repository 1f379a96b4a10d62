package dev.engram.agent.folder;

import dev.engram.agent.agent.Agent;
import dev.engram.agent.agent.AgentService;
import dev.engram.agent.loop.Recompiler;
import dev.engram.agent.tool.AgentTool;
import dev.engram.agent.tool.ToolEntity;
import dev.engram.agent.tool.ToolService;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An agent's folders and the files in its context: attaching a folder puts its files in the agent's context (opened
 * while fewer than {@code max_files_open} are, the least recently used closed beyond that) and gives the agent the file
 * tools; detaching the last folder takes them away. Every change re-renders the agent's {@code <directories>} section.
 */
@ApplicationScoped
public class AgentFolders {

    /** Letta's FILES_TOOLS, attached with the first folder. */
    public static final List<String> FILE_TOOLS = List.of("open_files", "grep_files", "semantic_search_files");
    /** Letta's defaults for agents that set neither field. */
    public static final int DEFAULT_MAX_FILES_OPEN = 5;
    public static final int DEFAULT_VIEW_CHARS = 15_000;

    private final AgentService agents;
    private final ToolService tools;
    private final Recompiler recompiler;

    public AgentFolders(AgentService agents, ToolService tools, Recompiler recompiler) {
        this.agents = agents;
        this.tools = tools;
        this.recompiler = recompiler;
    }

    public static int maxFilesOpen(Agent a) {
        return a.maxFilesOpen == null || a.maxFilesOpen < 1 ? DEFAULT_MAX_FILES_OPEN : a.maxFilesOpen;
    }

    public static int viewChars(Agent a) {
        return a.perFileViewWindowCharLimit == null || a.perFileViewWindowCharLimit < 1 ? DEFAULT_VIEW_CHARS : a.perFileViewWindowCharLimit;
    }

    public Uni<Agent> attach(Actor actor, String agentId, String folderId) {
        return agents.require(actor, agentId).call(a -> Panache.withTransaction(() -> FolderService.find(actor, folderId)
                        .chain(f -> AgentFolder.<AgentFolder>find("agentId = ?1 and folderId = ?2", a.id, f.id).firstResult()
                                .chain(existing -> {
                                    if (existing != null) {
                                        return Uni.createFrom().voidItem();
                                    }
                                    AgentFolder link = new AgentFolder();
                                    link.agentId = a.id;
                                    link.folderId = f.id;
                                    link.createdAt = dev.engram.agent.db.Times.now();
                                    return link.persist().replaceWithVoid();
                                })
                                .chain(() -> FolderFile.<FolderFile>list("folderId = ?1 and processingStatus = ?2 order by createdAt, id",
                                        f.id, FolderFile.COMPLETED))
                                .chain(files -> insertFiles(a, files)))))
                .call(a -> ensureFileTools(actor, a))
                .call(a -> refresh(actor, a));
    }

    public Uni<Agent> detach(Actor actor, String agentId, String folderId) {
        return agents.require(actor, agentId).call(a -> Panache.withTransaction(() -> FolderService.find(actor, folderId)
                        .chain(f -> unlink(a.id, f.id))))
                .call(a -> refresh(actor, a));
    }

    /** Detaches the folder from every agent (it is being deleted). */
    public Uni<Void> detachFromAll(Actor actor, String folderId) {
        return agentIdsOf(folderId).chain(ids -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String id : ids) {
                chain = chain.chain(() -> detach(actor, id, folderId).replaceWithVoid());
            }
            return chain;
        });
    }

    private static Uni<Void> unlink(String agentId, String folderId) {
        return AgentFile.delete("agentId = ?1 and folderId = ?2", agentId, folderId)
                .chain(() -> AgentFolder.delete("agentId = ?1 and folderId = ?2", agentId, folderId))
                .chain(() -> AgentFolder.count("agentId", agentId))
                .chain(left -> left > 0 ? Uni.createFrom().voidItem()
                        : Panache.getSession().chain(s -> s.createNativeQuery("DELETE FROM agent.agent_tools WHERE agent_id = ?1 AND tool_id IN "
                                        + "(SELECT id FROM agent.tools t WHERE t.organization_id = (SELECT organization_id FROM agent.agents "
                                        + "WHERE id = ?1) AND t.name IN ('open_files', 'grep_files', 'semantic_search_files'))")
                                .setParameter(1, agentId).executeUpdate()).replaceWithVoid());
    }

    static Uni<List<String>> agentIdsOf(String folderId) {
        return Panache.withSession(() -> AgentFolder.<AgentFolder>list("folderId = ?1 order by createdAt, agentId", folderId))
                .map(rows -> rows.stream().map(r -> r.agentId).toList());
    }

    /** Re-renders the sections of the folder's agents (its name or description changed). */
    public Uni<Void> refreshAgentsOf(Actor actor, String folderId) {
        return agentIdsOf(folderId).chain(ids -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String id : ids) {
                chain = chain.chain(() -> agents.require(actor, id).chain(a -> refresh(actor, a).replaceWithVoid()));
            }
            return chain;
        });
    }

    /** A newly processed file goes into the context of every agent its folder is attached to. */
    public Uni<Void> addToAgents(Actor actor, FolderFile file) {
        return agentIdsOf(file.folderId).chain(ids -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String id : ids) {
                chain = chain.chain(() -> agents.require(actor, id)
                        .call(a -> Panache.withTransaction(() -> insertFiles(a, List.of(file))))
                        .chain(a -> refresh(actor, a).replaceWithVoid()));
            }
            return chain;
        });
    }

    /** Re-renders the sections of these agents (a file of theirs was deleted). */
    public Uni<Void> refreshAgents(Actor actor, List<String> agentIds) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String id : agentIds) {
            chain = chain.chain(() -> agents.require(actor, id).chain(a -> refresh(actor, a).replaceWithVoid()));
        }
        return chain;
    }

    /** Adds the files not yet in the agent's context, opened, then closes the least recently used beyond the limit. */
    private static Uni<List<String>> insertFiles(Agent a, List<FolderFile> files) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        Instant now = dev.engram.agent.db.Times.now();
        for (int i = 0; i < files.size(); i++) {
            FolderFile file = files.get(i);
            // one microsecond apart: the files keep their folder's order, the last one the most recently used
            Instant at = now.plusNanos(1_000L * i);
            chain = chain.chain(() -> AgentFile.<AgentFile>find("agentId = ?1 and fileId = ?2", a.id, file.id).firstResult()
                    .chain(existing -> {
                        if (existing != null) {
                            return Uni.createFrom().voidItem();
                        }
                        AgentFile f = new AgentFile();
                        f.id = "file_agent-" + UUID.randomUUID();
                        f.organizationId = a.organizationId;
                        f.agentId = a.id;
                        f.fileId = file.id;
                        f.folderId = file.folderId;
                        f.fileName = file.fileName;
                        f.isOpen = true;
                        f.visibleContent = String.join("\n", FileLines.view(file.fileName, file.content,
                                FileTypes.ofStored(file.originalFileName).lines(), null, null));
                        f.lastAccessedAt = at;
                        f.createdAt = at;
                        f.updatedAt = at;
                        return f.persist().replaceWithVoid();
                    }));
        }
        return chain.chain(() -> Panache.getSession().chain(s -> s.flush())).chain(() -> enforceLimit(a, null));
    }

    /** Closes the least recently used open files beyond the agent's limit, never {@code keep}; their names. */
    static Uni<List<String>> enforceLimit(Agent a, String keep) {
        int max = maxFilesOpen(a);
        return AgentFile.<AgentFile>list("agentId = ?1 and isOpen = true order by lastAccessedAt desc, createdAt desc, id desc", a.id)
                .map(open -> {
                    List<String> closed = new ArrayList<>();
                    int kept = keep == null ? 0 : 1;
                    for (AgentFile f : open) {
                        if (f.fileId.equals(keep)) {
                            continue;
                        }
                        if (kept < max) {
                            kept++;
                        } else {
                            close(f);
                            closed.add(f.fileName);
                        }
                    }
                    return closed;
                });
    }

    static void close(AgentFile f) {
        f.isOpen = false;
        f.visibleContent = null;
        f.startLine = null;
        f.endLine = null;
        f.updatedAt = dev.engram.agent.db.Times.now();
    }

    /**
     * Opens a file of the agent's context with the window {@code [start, end)} (0-based units, null for the whole
     * file); the names of the files closed to stay within the limit. Within the caller's transaction.
     */
    static Uni<List<String>> open(Agent a, AgentFile f, FolderFile file, Integer start, Integer end) {
        List<String> lines = FileLines.view(f.fileName, file.content, FileTypes.ofStored(file.originalFileName).lines(), start, end);
        f.isOpen = true;
        f.visibleContent = String.join("\n", lines);
        f.startLine = start == null ? null : start + 1;
        f.endLine = end;
        f.lastAccessedAt = dev.engram.agent.db.Times.now();
        f.updatedAt = f.lastAccessedAt;
        return enforceLimit(a, f.fileId);
    }

    /** REST open of a whole file: the names of the files closed for it. */
    public Uni<List<String>> openFile(Actor actor, String agentId, String fileId) {
        return agents.require(actor, agentId).chain(a -> Panache.withTransaction(() -> attached(a, fileId)
                        .chain(f -> FolderFile.<FolderFile>findById(f.fileId).chain(file -> open(a, f, file, null, null))))
                .call(() -> refresh(actor, a)));
    }

    public Uni<Void> closeFile(Actor actor, String agentId, String fileId) {
        return agents.require(actor, agentId).chain(a -> Panache.withTransaction(() -> attached(a, fileId).invoke(AgentFolders::close))
                .chain(() -> refresh(actor, a).replaceWithVoid()));
    }

    /** Closes every open file of the agent; their names. */
    public Uni<List<String>> closeAll(Actor actor, String agentId) {
        return agents.require(actor, agentId).chain(a -> Panache.withTransaction(() -> closeAllOpen(a.id, List.of()))
                .call(() -> refresh(actor, a)));
    }

    static Uni<List<String>> closeAllOpen(String agentId, List<String> keepNames) {
        return AgentFile.<AgentFile>list("agentId = ?1 and isOpen = true order by lastAccessedAt, id", agentId).map(open -> {
            List<String> names = new ArrayList<>();
            for (AgentFile f : open) {
                if (!keepNames.contains(f.fileName)) {
                    close(f);
                    names.add(f.fileName);
                }
            }
            return names;
        });
    }

    private static Uni<AgentFile> attached(Agent a, String fileId) {
        return AgentFile.<AgentFile>find("agentId = ?1 and fileId = ?2", a.id, fileId).firstResult()
                .onItem().ifNull().failWith(() -> ApiException.notFound("File with id " + fileId + " is not attached to agent " + a.id));
    }

    /** The agent's folders, in attachment order. */
    static Uni<List<Folder>> foldersOf(String agentId) {
        return Folder.<Folder>find("select f from Folder f, AgentFolder l where l.folderId = f.id and l.agentId = ?1 "
                + "order by l.createdAt, f.id", agentId).list();
    }

    public Uni<List<FolderView>> folders(Actor actor, String agentId) {
        return agents.require(actor, agentId).chain(a -> Panache.withSession(() -> foldersOf(a.id)))
                .map(list -> list.stream().map(FolderView::of).toList());
    }

    /** The files in the agent's context, newest first unless ascending, optionally only open or closed ones. */
    public Uni<AgentFileView.Page> files(Actor actor, String agentId, Boolean isOpen, String after, int limit, boolean ascending) {
        return agents.require(actor, agentId).chain(a -> Panache.withSession(() -> foldersOf(a.id)
                .chain(folders -> AgentFile.<AgentFile>list("agentId = ?1 order by createdAt, id", a.id).map(rows -> {
                    Map<String, String> names = new LinkedHashMap<>();
                    folders.forEach(f -> names.put(f.id, f.name));
                    List<AgentFile> all = new ArrayList<>(rows.stream().filter(r -> isOpen == null || r.isOpen == isOpen).toList());
                    if (!ascending) {
                        java.util.Collections.reverse(all);
                    }
                    int from = 0;
                    if (after != null) {
                        for (int i = 0; i < all.size(); i++) {
                            if (all.get(i).id.equals(after)) {
                                from = i + 1;
                            }
                        }
                    }
                    List<AgentFile> page = all.subList(Math.min(from, all.size()), Math.min(from + limit, all.size()));
                    boolean more = from + limit < all.size();
                    int chars = viewChars(a);
                    List<AgentFileView> views = page.stream().map(f -> new AgentFileView(f.id, f.fileId, f.fileName, f.folderId,
                            names.get(f.folderId), f.isOpen, f.lastAccessedAt, Directories.visible(f, chars), f.startLine, f.endLine)).toList();
                    return new AgentFileView.Page(views, more && !page.isEmpty() ? page.getLast().id : null, more);
                }))));
    }

    /** Gives the agent the file tools it lacks. */
    private Uni<Void> ensureFileTools(Actor actor, Agent a) {
        return tools.resolve(actor, FILE_TOOLS, List.of(), List.of()).chain(rows -> Panache.withTransaction(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ToolEntity t : rows) {
                chain = chain.chain(() -> AgentTool.<AgentTool>find("agentId = ?1 and toolId = ?2", a.id, t.id).firstResult()
                        .chain(existing -> existing != null ? Uni.createFrom().voidItem() : AgentTool.of(a.id, t.id).persist().replaceWithVoid()));
            }
            return chain;
        }));
    }

    /** Re-renders and stores the agent's section (no recompile: a file tool's step recompiles by itself). */
    static Uni<String> rerender(Agent a) {
        return Panache.getSession().chain(s -> s.flush()).chain(() -> foldersOf(a.id)).chain(folders -> AgentFile.<AgentFile>list("agentId = ?1 order by createdAt, id", a.id).chain(files -> {
            Map<String, List<AgentFile>> byFolder = new LinkedHashMap<>();
            for (AgentFile f : files) {
                byFolder.computeIfAbsent(f.folderId, k -> new ArrayList<>()).add(f);
            }
            String rendered = Directories.render(folders, byFolder, maxFilesOpen(a), viewChars(a));
            return Panache.getSession().chain(s -> s.createNativeQuery("UPDATE agent.agents SET directories = ?1 WHERE id = ?2")
                    .setParameter(1, rendered).setParameter(2, a.id).executeUpdate()).invoke(() -> a.directories = rendered).replaceWith(rendered);
        }));
    }

    /** Re-renders the section and recompiles the agent's system prompt with it. */
    Uni<Agent> refresh(Actor actor, Agent a) {
        return Panache.withTransaction(() -> rerender(a)).chain(() -> recompiler.recompile(actor, a, false, false)).replaceWith(a);
    }

    // --- what the file tools use

    /** One file of an open_files call: a window of {@code length} units from {@code offset} (0-based), or the whole file. */
    public record OpenRequest(String fileName, Integer offset, Integer length) {
    }

    /** A file in the agent's context with its text, for grep_files and semantic_search_files. */
    public record ReadableFile(String fileId, String fileName, String folderId, FileTypes.Lines lines, String content) {
    }

    /** open_files: opens the windows (closing others as asked or as the limit requires) and says what it did. */
    public Uni<String> openForTool(Actor actor, String agentId, List<OpenRequest> requests, boolean closeAllOthers) {
        return agents.require(actor, agentId).chain(a -> Panache.withTransaction(() -> AgentFile.<AgentFile>list(
                "agentId = ?1 order by createdAt, id", a.id).chain(all -> {
            int max = maxFilesOpen(a);
            if (requests.size() > max) {
                throw new IllegalArgumentException("Cannot open " + requests.size() + " files: exceeds configured maximum limit of "
                        + max + " files");
            }
            if (requests.isEmpty()) {
                throw new IllegalArgumentException("No file requests provided");
            }
            List<String> names = requests.stream().map(OpenRequest::fileName).toList();
            List<String> closedByRequest = new ArrayList<>();
            if (closeAllOthers) {
                for (AgentFile f : all) {
                    if (f.isOpen && !names.contains(f.fileName)) {
                        close(f);
                        closedByRequest.add(f.fileName);
                    }
                }
            }
            Map<String, Integer[]> previous = new LinkedHashMap<>();
            List<String> evicted = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (OpenRequest r : requests) {
                AgentFile f = all.stream().filter(x -> x.fileName.equals(r.fileName())).findFirst().orElse(null);
                if (f == null) {
                    throw new IllegalArgumentException(r.fileName() + " not attached - did you get the filename correct? Currently you have "
                            + "the following files attached: " + pythonList(all.stream().map(x -> x.fileName).toList()));
                }
                if (r.offset() != null && r.offset() < 0) {
                    throw new IllegalArgumentException("Offset for file " + r.fileName() + " must be >= 0 (0-indexed), got " + r.offset());
                }
                if (r.length() != null && r.length() < 1) {
                    throw new IllegalArgumentException("Length for file " + r.fileName() + " must be >= 1, got " + r.length());
                }
                Integer start = r.offset();
                Integer end = start != null && r.length() != null ? start + r.length() : null;
                if (f.isOpen) {
                    previous.put(f.fileName, new Integer[] {f.startLine, f.endLine});
                }
                chain = chain.chain(() -> FolderFile.<FolderFile>findById(f.fileId).chain(file -> open(a, f, file, start, end)))
                        .invoke(evicted::addAll).replaceWithVoid();
            }
            return chain.map(v -> openedMessage(requests, previous, closedByRequest, evicted));
        })).call(() -> Panache.withTransaction(() -> rerender(a))));
    }

    private static String openedMessage(List<OpenRequest> requests, Map<String, Integer[]> previous, List<String> closedByRequest,
                                        List<String> evicted) {
        List<String> summaries = new ArrayList<>();
        for (OpenRequest r : requests) {
            String before = "";
            Integer[] p = previous.get(r.fileName());
            if (p != null) {
                before = p[0] != null && p[1] != null ? " (previously lines " + p[0] + "-" + p[1] + ")"
                        : p[0] != null ? " (previously lines " + p[0] + "-end)" : " (previously full file)";
            }
            if (r.offset() != null && r.length() != null) {
                summaries.add(r.fileName() + " (lines " + (r.offset() + 1) + "-" + (r.offset() + r.length()) + ")" + before);
            } else if (r.offset() != null) {
                summaries.add(r.fileName() + " (lines " + (r.offset() + 1) + "-end)" + before);
            } else {
                summaries.add(r.fileName() + before);
            }
        }
        String msg = requests.size() == 1 ? "* Opened " + summaries.getFirst()
                : "* Opened " + requests.size() + " files: " + String.join(", ", summaries);
        if (!closedByRequest.isEmpty()) {
            msg += "\nNote: Closed " + closedByRequest.size() + " file(s) due to close_all_others=True: " + String.join(", ", closedByRequest);
        }
        List<String> lru = evicted.stream().filter(n -> !closedByRequest.contains(n)).distinct().toList();
        if (!lru.isEmpty()) {
            msg += "\nNote: Closed " + lru.size() + " least recently used file(s) due to open file limit: " + String.join(", ", lru);
        }
        return msg;
    }

    /** The files in the agent's context with their text, in the order they entered it. */
    public Uni<List<ReadableFile>> readable(Actor actor, String agentId) {
        return agents.require(actor, agentId).chain(a -> Panache.withSession(() -> AgentFile.<AgentFile>list(
                "agentId = ?1 order by createdAt, id", a.id).chain(links -> FolderFile.<FolderFile>list("id in ?1",
                links.isEmpty() ? List.of("") : links.stream().map(l -> l.fileId).toList()).map(files -> {
            Map<String, FolderFile> byId = new LinkedHashMap<>();
            files.forEach(f -> byId.put(f.id, f));
            List<ReadableFile> out = new ArrayList<>();
            for (AgentFile l : links) {
                FolderFile f = byId.get(l.fileId);
                if (f != null && f.content != null) {
                    out.add(new ReadableFile(f.id, l.fileName, l.folderId, FileTypes.ofStored(f.originalFileName).lines(), f.content));
                }
            }
            return out;
        }))));
    }

    /** The agent's folders with their embedding handles (null for text-only), for semantic_search_files. */
    public Uni<Map<String, String>> folderEmbeddings(Actor actor, String agentId) {
        return agents.require(actor, agentId).chain(a -> Panache.withSession(() -> foldersOf(a.id))).map(list -> {
            Map<String, String> out = new LinkedHashMap<>();
            list.forEach(f -> out.put(f.id, f.embedding));
            return out;
        });
    }

    /** The files were just used by a tool: most recently used for the open-file limit. */
    public Uni<Void> markAccessed(String agentId, java.util.Collection<String> fileNames) {
        if (fileNames.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> AgentFile.update("lastAccessedAt = ?1 where agentId = ?2 and fileName in ?3",
                dev.engram.agent.db.Times.now(), agentId, List.copyOf(fileNames))).replaceWithVoid();
    }

    /** Python's repr of a list of strings. */
    static String pythonList(List<String> items) {
        List<String> quoted = items.stream().map(s -> "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'").toList();
        return "[" + String.join(", ", quoted) + "]";
    }

    /** The folders of each agent as Letta's Sources, in attachment order (the agents' {@code sources}); in the caller's session. */
    public static Uni<Map<String, List<Object>>> viewsOfAgents(List<String> agentIds) {
        return Folder.<Folder>find("select f from Folder f, AgentFolder l where l.folderId = f.id and l.agentId in ?1 "
                + "order by l.createdAt, f.id", agentIds).list().chain(folders -> AgentFolder.<AgentFolder>list("agentId in ?1 order by createdAt, folderId", agentIds)
                .map(links -> {
                    Map<String, Folder> byId = new LinkedHashMap<>();
                    folders.forEach(f -> byId.put(f.id, f));
                    Map<String, List<Object>> out = new LinkedHashMap<>();
                    for (AgentFolder l : links) {
                        Folder f = byId.get(l.folderId);
                        if (f != null) {
                            out.computeIfAbsent(l.agentId, k -> new ArrayList<>()).add(FolderView.of(f));
                        }
                    }
                    return out;
                }));
    }
}
