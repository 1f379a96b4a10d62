package dev.engram.agent.folder;

import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Letta's deprecated {@code /v1/sources} routes: the folder routes of {@link FolderRoutes} under their older name, same
 * behaviour; their path parameters are {@code source_id} and {@code source_name} in a 422 and in the OpenAPI document
 * ({@link SourcesOpenApi}).
 */
@Path(SourceResource.PATH)
@Tag(name = "sources")
public class SourceResource extends FolderRoutes {

    static final String PATH = "/v1/sources";

    public SourceResource(FolderService folders, FileService files) {
        super(folders, files);
    }

    @Override
    protected String idParam() {
        return "source_id";
    }
}
