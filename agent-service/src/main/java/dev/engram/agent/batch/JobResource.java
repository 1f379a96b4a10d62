package dev.engram.agent.batch;

import dev.engram.agent.web.Actor;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;

/**
 * Letta's {@code /v1/jobs}. Engram's jobs are its message batches (job_type {@code batch}); a file upload is no job here
 * (its progress is the file's {@code processing_status}), so a {@code source_id} filter lists none.
 */
@Path("/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
public class JobResource {

    private final BatchService batches;

    public JobResource(BatchService batches) {
        this.batches = batches;
    }

    @GET
    @Operation(summary = "List the organization's jobs (message batches; active: those not ended), with cursors")
    public Uni<List<BatchView>> list(@Context HttpHeaders headers, @RestQuery("source_id") String sourceId, @RestQuery String before,
                                     @RestQuery String after, @RestQuery Integer limit, @RestQuery String order,
                                     @RestQuery("order_by") String orderBy, @RestQuery boolean active, @RestQuery Boolean ascending) {
        Requests.orderBy(orderBy, "created_at");
        boolean asc = ascending != null && order == null ? ascending : "asc".equals(Requests.order(order));
        if (sourceId != null) {
            return Uni.createFrom().item(List.of());
        }
        return batches.list(Actor.of(headers), active, after, before, limit(limit, 100), asc);
    }

    @GET
    @Path("/active")
    @Operation(summary = "The organization's jobs not ended yet (Letta's deprecated route)")
    public Uni<List<BatchView>> active(@Context HttpHeaders headers, @RestQuery("source_id") String sourceId, @RestQuery String before,
                                       @RestQuery String after, @RestQuery Integer limit, @RestQuery Boolean ascending) {
        if (sourceId != null) {
            return Uni.createFrom().item(List.of());
        }
        return batches.list(Actor.of(headers), true, after, before, limit(limit, 50), ascending == null || ascending);
    }

    @GET
    @Path("/{job_id}")
    @Operation(summary = "Retrieve a job")
    public Uni<BatchView> get(@Context HttpHeaders headers, @RestPath("job_id") String jobId) {
        return batches.get(Actor.of(headers), id(jobId));
    }

    @DELETE
    @Path("/{job_id}")
    @Operation(summary = "Delete a job's record (its runs and messages stay)")
    public Uni<BatchView> delete(@Context HttpHeaders headers, @RestPath("job_id") String jobId) {
        return batches.delete(Actor.of(headers), id(jobId));
    }

    @PATCH
    @Path("/{job_id}/cancel")
    @Operation(summary = "Cancel a job: its runs not ended yet are cancelled (409 once it has ended)")
    public Uni<BatchView> cancel(@Context HttpHeaders headers, @RestPath("job_id") String jobId) {
        return batches.cancel(Actor.of(headers), id(jobId));
    }

    private static String id(String jobId) {
        return Ids.require("job", "job_id", jobId);
    }

    private static int limit(Integer limit, int fallback) {
        return Requests.limit(limit, fallback, 1000);
    }
}
