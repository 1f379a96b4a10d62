package dev.engram.agent.folder;

import dev.engram.agent.agent.AgentResource;
import dev.engram.agent.agent.AgentState;
import dev.engram.agent.agent.AgentViews;
import dev.engram.agent.agent.Includes;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;

/** An agent's folders (sources, by their older name) and the files in its context. */
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "agents")
public class AgentFolderResource {

    private final AgentFolders folders;
    private final AgentViews views;

    public AgentFolderResource(AgentFolders folders, AgentViews views) {
        this.folders = folders;
        this.views = views;
    }

    @PATCH
    @Path("/{agent_id}/folders/attach/{folder_id}")
    @Operation(summary = "Attach a folder: its files enter the agent's context and the agent gets the file tools")
    public Uni<AgentState> attachFolder(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                        @RestPath("folder_id") String folderId) {
        return attach(headers, agentId, Ids.require("source", "folder_id", folderId));
    }

    @PATCH
    @Path("/{agent_id}/sources/attach/{source_id}")
    @Operation(summary = "Attach a source (a folder, by its older name)")
    public Uni<AgentState> attachSource(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                        @RestPath("source_id") String sourceId) {
        return attach(headers, agentId, Ids.require("source", "source_id", sourceId));
    }

    @PATCH
    @Path("/{agent_id}/folders/detach/{folder_id}")
    @Operation(summary = "Detach a folder: its files leave the agent's context; the last one takes the file tools along")
    public Uni<AgentState> detachFolder(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                        @RestPath("folder_id") String folderId) {
        return detach(headers, agentId, Ids.require("source", "folder_id", folderId));
    }

    @PATCH
    @Path("/{agent_id}/sources/detach/{source_id}")
    @Operation(summary = "Detach a source (a folder, by its older name)")
    public Uni<AgentState> detachSource(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                        @RestPath("source_id") String sourceId) {
        return detach(headers, agentId, Ids.require("source", "source_id", sourceId));
    }

    @GET
    @Path("/{agent_id}/folders")
    @Operation(summary = "The agent's folders, in attachment order")
    public Uni<List<FolderView>> listFolders(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                             @RestQuery String before, @RestQuery String after, @RestQuery @DefaultValue("100") int limit,
                                             @RestQuery @DefaultValue("desc") String order, @RestQuery("order_by") String orderBy) {
        Requests.orderBy(orderBy, "created_at");
        Requests.order(order);
        return folders.folders(Actor.of(headers), AgentResource.agent(agentId));
    }

    @GET
    @Path("/{agent_id}/sources")
    @Operation(summary = "The agent's sources (folders, by their older name)")
    public Uni<List<FolderView>> listSources(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                             @RestQuery String before, @RestQuery String after, @RestQuery @DefaultValue("100") int limit,
                                             @RestQuery @DefaultValue("desc") String order, @RestQuery("order_by") String orderBy) {
        return listFolders(headers, agentId, before, after, limit, order, orderBy);
    }

    @GET
    @Path("/{agent_id}/files")
    @Operation(summary = "The files in the agent's context, newest first unless order=asc, optionally only open or closed ones")
    public Uni<AgentFileView.Page> files(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                         @RestQuery String before, @RestQuery String after, @RestQuery @DefaultValue("100") int limit,
                                         @RestQuery @DefaultValue("desc") String order, @RestQuery("order_by") String orderBy,
                                         @RestQuery String cursor, @RestQuery("is_open") Boolean isOpen) {
        Requests.orderBy(orderBy, "created_at");
        if (limit < 1 || limit > 1000) {
            throw ApiException.unprocessable("limit: must be between 1 and 1000");
        }
        return folders.files(Actor.of(headers), AgentResource.agent(agentId), isOpen, cursor != null ? cursor : after, limit,
                "asc".equals(Requests.order(order)));
    }

    @PATCH
    @Path("/{agent_id}/files/close-all")
    @Operation(summary = "Close every open file of the agent; the names of the files closed")
    public Uni<List<String>> closeAll(@Context HttpHeaders headers, @RestPath("agent_id") String agentId) {
        return folders.closeAll(Actor.of(headers), AgentResource.agent(agentId));
    }

    @PATCH
    @Path("/{agent_id}/files/{file_id}/open")
    @Operation(summary = "Open a file of the agent's context (whole file); the names of the files closed to stay within max_files_open")
    public Uni<List<String>> open(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, @RestPath("file_id") String fileId) {
        return folders.openFile(Actor.of(headers), AgentResource.agent(agentId), FolderResource.file(fileId));
    }

    @PATCH
    @Path("/{agent_id}/files/{file_id}/close")
    @Operation(summary = "Close a file of the agent's context (answers JSON null)")
    public Uni<Response> close(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, @RestPath("file_id") String fileId) {
        return folders.closeFile(Actor.of(headers), AgentResource.agent(agentId), FolderResource.file(fileId))
                .replaceWith(() -> Response.ok("null", MediaType.APPLICATION_JSON).build());
    }

    private Uni<AgentState> attach(HttpHeaders headers, String agentId, String folderId) {
        Actor actor = Actor.of(headers);
        return folders.attach(actor, AgentResource.agent(agentId), folderId).chain(a -> views.state(actor, a, Includes.of(headers, List.of())));
    }

    private Uni<AgentState> detach(HttpHeaders headers, String agentId, String folderId) {
        Actor actor = Actor.of(headers);
        return folders.detach(actor, AgentResource.agent(agentId), folderId).chain(a -> views.state(actor, a, Includes.of(headers, List.of())));
    }
}
