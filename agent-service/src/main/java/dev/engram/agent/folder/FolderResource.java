package dev.engram.agent.folder;

import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Letta's {@code /v1/folders} routes (declared in {@link FolderRoutes}). */
@Path("/v1/folders")
@Tag(name = "folders")
public class FolderResource extends FolderRoutes {

    public FolderResource(FolderService folders, FileService files) {
        super(folders, files);
    }

    @Override
    protected String idParam() {
        return "folder_id";
    }
}
