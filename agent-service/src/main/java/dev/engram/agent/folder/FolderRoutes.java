package dev.engram.agent.folder;

import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.util.List;

/**
 * What the folder routes do, without their JAX-RS declarations: {@link FolderResource} declares them under
 * {@code /v1/folders}, {@link SourceResource} under the older {@code /v1/sources}, each naming its path parameters as
 * Letta's contract does ({@code folder_id}, {@code source_id}).
 */
public abstract class FolderRoutes {

    protected final FolderService folders;
    protected final FileService files;

    protected FolderRoutes(FolderService folders, FileService files) {
        this.folders = folders;
        this.files = files;
    }

    public Uni<FolderView> create(HttpHeaders headers, FolderRequests.Create body) {
        return folders.create(Actor.of(headers), body);
    }

    public Uni<List<FolderView>> list(HttpHeaders headers, String before, String after, int limit, String order, String orderBy,
                                      String name) {
        Requests.orderBy(orderBy, "created_at");
        return folders.list(Actor.of(headers), before, after, limit(limit), !"desc".equals(Requests.order(order)), name);
    }

    public Uni<Long> count(HttpHeaders headers) {
        return folders.count(Actor.of(headers));
    }

    public Uni<FolderStats> metadata(HttpHeaders headers, boolean detailed) {
        return folders.metadata(Actor.of(headers), detailed);
    }

    public Uni<Response> idByName(HttpHeaders headers, String name) {
        // a JSON string, as Letta answers
        return folders.idByName(Actor.of(headers), name).map(id -> Response.ok("\"" + id + "\"", MediaType.APPLICATION_JSON).build());
    }

    public Uni<FolderView> get(HttpHeaders headers, String folderId) {
        return folders.require(Actor.of(headers), id(folderId)).map(FolderView::of);
    }

    public Uni<FolderView> update(HttpHeaders headers, String folderId, FolderRequests.Update body) {
        return folders.update(Actor.of(headers), id(folderId), body);
    }

    public Uni<Response> delete(HttpHeaders headers, String folderId) {
        return folders.delete(Actor.of(headers), id(folderId)).replaceWith(() -> Response.ok("null", MediaType.APPLICATION_JSON).build());
    }

    public Uni<FileView> upload(HttpHeaders headers, String folderId, FileUpload file, String duplicateHandling, String name) {
        String folder = id(folderId);
        if (file == null) {
            throw ApiException.unprocessable("file: Field required");
        }
        return files.upload(Actor.of(headers), folder, new FileService.Upload(file.fileName(), file.uploadedFile(), file.size()),
                duplicateHandling, name);
    }

    /** An upload that is not multipart/form-data: the folder is looked up first (404), then the missing file named. */
    public Uni<FileView> uploadWithoutForm(HttpHeaders headers, String folderId) {
        return folders.require(Actor.of(headers), id(folderId)).map(f -> {
            throw ApiException.unprocessable("file: Field required (upload the file as multipart/form-data)");
        });
    }

    public Uni<List<String>> agents(HttpHeaders headers, String folderId) {
        return folders.require(Actor.of(headers), id(folderId)).chain(f -> AgentFolders.agentIdsOf(f.id));
    }

    public Uni<List<FolderPassageView>> passages(HttpHeaders headers, String folderId, String before, String after, int limit,
                                                 String order, String orderBy) {
        Requests.orderBy(orderBy, "created_at");
        return files.passages(Actor.of(headers), id(folderId), before, after, limit(limit), "asc".equals(Requests.order(order)));
    }

    public Uni<List<FileView>> files(HttpHeaders headers, String folderId, String before, String after, int limit, String order,
                                     String orderBy, boolean includeContent) {
        Requests.orderBy(orderBy, "created_at");
        return files.list(Actor.of(headers), id(folderId), before, after, limit(limit), "asc".equals(Requests.order(order)), includeContent);
    }

    public Uni<FileView> file(HttpHeaders headers, String folderId, String fileId, boolean includeContent) {
        return files.get(Actor.of(headers), id(folderId), file(fileId), includeContent);
    }

    public Uni<Response> deleteFile(HttpHeaders headers, String folderId, String fileId) {
        return files.delete(Actor.of(headers), id(folderId), file(fileId)).replaceWith(() -> Response.noContent().build());
    }

    /** The folder id of a path, named as this resource's path parameter in a 422. */
    protected String id(String value) {
        return Ids.require("source", idParam(), value);
    }

    /** The name of the folder id's path parameter. */
    protected abstract String idParam();

    static String folder(String id) {
        return Ids.require("source", "folder_id", id);
    }

    static String file(String id) {
        return Ids.require("file", "file_id", id);
    }

    static int limit(int limit) {
        if (limit < 1 || limit > 10_000) {
            throw ApiException.unprocessable("limit: must be between 1 and 10000");
        }
        return limit;
    }
}
