package dev.engram.agent.folder;

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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.util.List;

/** Letta's deprecated {@code /v1/sources} routes: the folder routes under their older name and path parameters ({@code source_id}, {@code source_name}), same behaviour. */
@Path("/v1/sources")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sources")
public class SourceResource extends FolderRoutes {

    public SourceResource(FolderService folders, FileService files) {
        super(folders, files);
    }

    @Override
    protected String idParam() {
        return "source_id";
    }

    @Override
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a source (embedded with the given model, else the deployment's default)")
    public Uni<FolderView> create(@Context HttpHeaders headers, FolderRequests.Create body) {
        return super.create(headers, body);
    }

    @Override
    @GET
    @Operation(summary = "List the organization's sources, oldest first unless order=desc, with cursors and a name filter")
    public Uni<List<FolderView>> list(@Context HttpHeaders headers, @RestQuery String before, @RestQuery String after,
                                      @RestQuery @DefaultValue("50") int limit, @RestQuery @DefaultValue("asc") String order,
                                      @RestQuery("order_by") String orderBy, @RestQuery String name) {
        return super.list(headers, before, after, limit, order, orderBy, name);
    }

    @Override
    @GET
    @Path("/count")
    @Operation(summary = "Count the organization's sources")
    public Uni<Long> count(@Context HttpHeaders headers) {
        return super.count(headers);
    }

    @Override
    @GET
    @Path("/metadata")
    @Operation(summary = "The organization's sources, files and bytes (per source and file when detailed)")
    public Uni<FolderStats> metadata(@Context HttpHeaders headers,
                                     @RestQuery("include_detailed_per_source_metadata") @DefaultValue("false") boolean detailed) {
        return super.metadata(headers, detailed);
    }

    @Override
    @GET
    @Path("/name/{source_name}")
    @Operation(summary = "The id of the source with this name")
    public Uni<Response> idByName(@Context HttpHeaders headers, @RestPath("source_name") String name) {
        return super.idByName(headers, name);
    }

    @Override
    @GET
    @Path("/{source_id}")
    @Operation(summary = "Get a source")
    public Uni<FolderView> get(@Context HttpHeaders headers, @RestPath("source_id") String folderId) {
        return super.get(headers, folderId);
    }

    @Override
    @PATCH
    @Path("/{source_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename or describe a source")
    public Uni<FolderView> update(@Context HttpHeaders headers, @RestPath("source_id") String folderId, FolderRequests.Update body) {
        return super.update(headers, folderId, body);
    }

    @Override
    @DELETE
    @Path("/{source_id}")
    @Operation(summary = "Delete a source with its files and their chunks; detaches it from its agents (answers JSON null)")
    public Uni<Response> delete(@Context HttpHeaders headers, @RestPath("source_id") String folderId) {
        return super.delete(headers, folderId);
    }

    @Override
    @POST
    @Path("/{source_id}/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload a file (text, Markdown, source code, PDF): answered at once with processing_status pending, then "
            + "parsed, chunked, embedded and indexed in the background (parsing, embedding, then completed or error): poll the file")
    public Uni<FileView> upload(@Context HttpHeaders headers, @RestPath("source_id") String folderId, @RestForm("file") FileUpload file,
                                @RestQuery("duplicate_handling") @DefaultValue("suffix") String duplicateHandling,
                                @RestQuery String name) {
        return super.upload(headers, folderId, file, duplicateHandling, name);
    }

    /** An upload that is not multipart/form-data: the source is looked up first (404), then the missing file named. */
    @Override
    @POST
    @Path("/{source_id}/upload")
    @Consumes(MediaType.WILDCARD)
    public Uni<FileView> uploadWithoutForm(@Context HttpHeaders headers, @RestPath("source_id") String folderId) {
        return super.uploadWithoutForm(headers, folderId);
    }

    @Override
    @GET
    @Path("/{source_id}/agents")
    @Operation(summary = "The ids of the agents the source is attached to")
    public Uni<List<String>> agents(@Context HttpHeaders headers, @RestPath("source_id") String folderId) {
        return super.agents(headers, folderId);
    }

    @Override
    @GET
    @Path("/{source_id}/passages")
    @Operation(summary = "The chunks of the source's files, newest first unless order=asc")
    public Uni<List<FolderPassageView>> passages(@Context HttpHeaders headers, @RestPath("source_id") String folderId,
                                                 @RestQuery String before, @RestQuery String after,
                                                 @RestQuery @DefaultValue("100") int limit, @RestQuery @DefaultValue("desc") String order,
                                                 @RestQuery("order_by") String orderBy) {
        return super.passages(headers, folderId, before, after, limit, order, orderBy);
    }

    @Override
    @GET
    @Path("/{source_id}/files")
    @Operation(summary = "The source's files with their processing status, newest first unless order=asc")
    public Uni<List<FileView>> files(@Context HttpHeaders headers, @RestPath("source_id") String folderId, @RestQuery String before,
                                     @RestQuery String after, @RestQuery @DefaultValue("1000") int limit,
                                     @RestQuery @DefaultValue("desc") String order, @RestQuery("order_by") String orderBy,
                                     @RestQuery("include_content") @DefaultValue("false") boolean includeContent) {
        return super.files(headers, folderId, before, after, limit, order, orderBy, includeContent);
    }

    @Override
    @GET
    @Path("/{source_id}/files/{file_id}")
    @Operation(summary = "Get a file of the source, with its processing status as it is now (poll it after an upload)")
    public Uni<FileView> file(@Context HttpHeaders headers, @RestPath("source_id") String folderId, @RestPath("file_id") String fileId,
                              @RestQuery("include_content") @DefaultValue("false") boolean includeContent) {
        return super.file(headers, folderId, fileId, includeContent);
    }

    @Override
    @DELETE
    @Path("/{source_id}/{file_id}")
    @Operation(summary = "Delete a file with its chunks (also while it is processed); it leaves its agents' contexts")
    public Uni<Response> deleteFile(@Context HttpHeaders headers, @RestPath("source_id") String folderId, @RestPath("file_id") String fileId) {
        return super.deleteFile(headers, folderId, fileId);
    }
}
