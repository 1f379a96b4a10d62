package dev.engram.memory.storage;

import dev.engram.memory.web.Callers;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's organization's storage, for agent-service's daily usage snapshot. One read, no state. */
@Path("/v1/storage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "storage")
public class StorageResource {

    private final StorageRepository storage;

    public StorageResource(StorageRepository storage) {
        this.storage = storage;
    }

    @GET
    @Operation(summary = "Archival passages, messages and blocks of the organization: counts and text bytes")
    public Uni<Storage> storage(@Context HttpHeaders headers) {
        return storage.of(Callers.of(headers).organizationId());
    }
}
