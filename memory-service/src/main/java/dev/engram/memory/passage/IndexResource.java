package dev.engram.memory.passage;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/** Operations on the derived vector index (what {@code ./engram reindex} calls). */
@Path("/v1/index")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "index")
public class IndexResource {

    private final IndexSync sync;
    private final BlockingIndex index;
    private final OutboxRepository outbox;

    public IndexResource(IndexSync sync, BlockingIndex index, OutboxRepository outbox) {
        this.sync = sync;
        this.index = index;
        this.outbox = outbox;
    }

    @POST
    @Path("/rebuild")
    @Operation(summary = "Drop the index and rebuild it from PostgreSQL")
    public Uni<Map<String, Object>> rebuild() {
        return sync.rebuild().map(n -> Map.of("indexed", n, "backend", index.backend()));
    }

    @GET
    @Path("/status")
    @Operation(summary = "Which index, its watermark, and how much work is pending")
    @WithSession
    public Uni<Map<String, Object>> status() {
        return index.watermark().chain(w -> outbox.pending().chain(p -> outbox.appliedWatermark()
                .map(a -> Map.<String, Object>of("backend", index.backend(), "watermark", w, "recorded_watermark", a, "pending", p))));
    }
}
