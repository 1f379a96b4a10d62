package dev.engram.agent.folder;

import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.util.List;

/**
 * The folder routes, declared once: {@link FolderResource} mounts them under {@code /v1/folders}, {@link SourceResource}
 * under Letta's older {@code /v1/sources} (the JAX-RS annotations of these methods are inherited). The path parameters
 * are named as under {@code /v1/folders}; {@link SourcesOpenApi} names them {@code source_id} and {@code source_name}
 * in the OpenAPI document under {@code /v1/sources}, as Letta's contract does, and {@link #idParam()} in a 422.
 * Class-level JAX-RS annotations stay here: Quarkus REST applies this class's {@code @Produces} to these methods, not
 * the subclass's.
 */
@Produces(MediaType.APPLICATION_JSON)
public abstract class FolderRoutes {

    protected final FolderService folders;
    protected final FileService files;

    protected FolderRoutes(FolderService folders, FileService files) {
        this.folders = folders;
        this.files = files;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a folder (embedded with the given model, else the deployment's default)")
    public Uni<FolderView> create(@Context HttpHeaders headers, FolderRequests.Create body) {
        return folders.create(Actor.of(headers), body);
    }

    @GET
    @Operation(summary = "List the organization's folders, oldest first unless order=desc, with cursors and a name filter")
    public Uni<List<FolderView>> list(@Context HttpHeaders headers, @RestQuery String before, @RestQuery String after,
                                      @RestQuery @DefaultValue("50") int limit, @RestQuery @DefaultValue("asc") String order,
                                      @RestQuery("order_by") String orderBy, @RestQuery String name) {
        Requests.orderBy(orderBy, "created_at");
        return folders.list(Actor.of(headers), before, after, limit(limit), !"desc".equals(Requests.order(order)), name);
    }

    @GET
    @Path("/count")
    @Operation(summary = "Count the organization's folders")
    public Uni<Long> count(@Context HttpHeaders headers) {
        return folders.count(Actor.of(headers));
    }

    @GET
    @Path("/metadata")
    @Operation(summary = "The organization's folders, files and bytes (per folder and file when detailed)")
    public Uni<FolderStats> metadata(@Context HttpHeaders headers,
                                     @RestQuery("include_detailed_per_source_metadata") @DefaultValue("false") boolean detailed) {
        return folders.metadata(Actor.of(headers), detailed);
    }

    @GET
    @Path("/name/{folder_name}")
    @Operation(summary = "The id of the folder with this name")
    public Uni<Response> idByName(@Context HttpHeaders headers, @RestPath("folder_name") String name) {
        // a JSON string, as Letta answers
        return folders.idByName(Actor.of(headers), name).map(id -> Response.ok("\"" + id + "\"", MediaType.APPLICATION_JSON).build());
    }

    @GET
    @Path("/{folder_id}")
    @Operation(summary = "Get a folder")
    public Uni<FolderView> get(@Context HttpHeaders headers, @RestPath("folder_id") String folderId) {
        return folders.require(Actor.of(headers), id(folderId)).map(FolderView::of);
    }

    @PATCH
    @Path("/{folder_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename or describe a folder")
    public Uni<FolderView> update(@Context HttpHeaders headers, @RestPath("folder_id") String folderId, FolderRequests.Update body) {
        return folders.update(Actor.of(headers), id(folderId), body);
    }

    @DELETE
    @Path("/{folder_id}")
    @Operation(summary = "Delete a folder with its files and their chunks; detaches it from its agents (answers JSON null)")
    public Uni<Response> delete(@Context HttpHeaders headers, @RestPath("folder_id") String folderId) {
        return folders.delete(Actor.of(headers), id(folderId)).replaceWith(() -> Response.ok("null", MediaType.APPLICATION_JSON).build());
    }

    @POST
    @Path("/{folder_id}/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload a file (text, Markdown, source code, PDF): answered at once with processing_status pending, then "
            + "parsed, chunked, embedded and indexed in the background (parsing, embedding, then completed or error): poll the file")
    public Uni<FileView> upload(@Context HttpHeaders headers, @RestPath("folder_id") String folderId, @RestForm("file") FileUpload file,
                                @RestQuery("duplicate_handling") @DefaultValue("suffix") String duplicateHandling,
                                @RestQuery String name) {
        String folder = id(folderId);
        if (file == null) {
            throw ApiException.unprocessable("file: Field required");
        }
        return files.upload(Actor.of(headers), folder, new FileService.Upload(file.fileName(), file.uploadedFile(), file.size()),
                duplicateHandling, name);
    }

    /** An upload that is not multipart/form-data: the folder is looked up first (404), then the missing file named. */
    @POST
    @Path("/{folder_id}/upload")
    @Consumes(MediaType.WILDCARD)
    public Uni<FileView> uploadWithoutForm(@Context HttpHeaders headers, @RestPath("folder_id") String folderId) {
        return folders.require(Actor.of(headers), id(folderId)).map(f -> {
            throw ApiException.unprocessable("file: Field required (upload the file as multipart/form-data)");
        });
    }

    @GET
    @Path("/{folder_id}/agents")
    @Operation(summary = "The ids of the agents the folder is attached to")
    public Uni<List<String>> agents(@Context HttpHeaders headers, @RestPath("folder_id") String folderId) {
        return folders.require(Actor.of(headers), id(folderId)).chain(f -> AgentFolders.agentIdsOf(f.id));
    }

    @GET
    @Path("/{folder_id}/passages")
    @Operation(summary = "The chunks of the folder's files, newest first unless order=asc")
    public Uni<List<FolderPassageView>> passages(@Context HttpHeaders headers, @RestPath("folder_id") String folderId,
                                                 @RestQuery String before, @RestQuery String after,
                                                 @RestQuery @DefaultValue("100") int limit, @RestQuery @DefaultValue("desc") String order,
                                                 @RestQuery("order_by") String orderBy) {
        Requests.orderBy(orderBy, "created_at");
        return files.passages(Actor.of(headers), id(folderId), before, after, limit(limit), "asc".equals(Requests.order(order)));
    }

    @GET
    @Path("/{folder_id}/files")
    @Operation(summary = "The folder's files with their processing status, newest first unless order=asc")
    public Uni<List<FileView>> files(@Context HttpHeaders headers, @RestPath("folder_id") String folderId, @RestQuery String before,
                                     @RestQuery String after, @RestQuery @DefaultValue("1000") int limit,
                                     @RestQuery @DefaultValue("desc") String order, @RestQuery("order_by") String orderBy,
                                     @RestQuery("include_content") @DefaultValue("false") boolean includeContent) {
        Requests.orderBy(orderBy, "created_at");
        return files.list(Actor.of(headers), id(folderId), before, after, limit(limit), "asc".equals(Requests.order(order)), includeContent);
    }

    @GET
    @Path("/{folder_id}/files/{file_id}")
    @Operation(summary = "Get a file of the folder, with its processing status as it is now (poll it after an upload)")
    public Uni<FileView> file(@Context HttpHeaders headers, @RestPath("folder_id") String folderId, @RestPath("file_id") String fileId,
                              @RestQuery("include_content") @DefaultValue("false") boolean includeContent) {
        return files.get(Actor.of(headers), id(folderId), file(fileId), includeContent);
    }

    @DELETE
    @Path("/{folder_id}/{file_id}")
    @Operation(summary = "Delete a file with its chunks (also while it is processed); it leaves its agents' contexts")
    public Uni<Response> deleteFile(@Context HttpHeaders headers, @RestPath("folder_id") String folderId, @RestPath("file_id") String fileId) {
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
