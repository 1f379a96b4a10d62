package dev.engram.agent.folder;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Letta's deprecated {@code /v1/sources} routes: the folder routes under their older name, same behaviour. */
@Path("/v1/sources")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sources")
public class SourceResource extends FolderResource {

    public SourceResource(FolderService folders, FileService files) {
        super(folders, files);
    }
}
