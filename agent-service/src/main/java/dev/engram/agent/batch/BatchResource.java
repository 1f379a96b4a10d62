package dev.engram.agent.batch;

import dev.engram.agent.message.MessageSearchRequests;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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
import java.util.Map;

/** Letta's {@code /v1/messages/batches}: messages to several agents at once, one background run each. */
@Path("/v1/messages/batches")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "messages")
public class BatchResource {

    private final BatchService batches;

    public BatchResource(BatchService batches) {
        this.batches = batches;
    }

    @POST
    @Operation(summary = "Send each request to its agent as a background run; answers the batch (running)")
    public Uni<BatchView> create(@Context HttpHeaders headers, BatchService.CreateBatch body) {
        return batches.create(Actor.of(headers), body);
    }

    @GET
    @Operation(summary = "List the organization's batches (bare array; cursors after/before, limit, order)")
    public Uni<List<BatchView>> list(@Context HttpHeaders headers, @RestQuery String before, @RestQuery String after,
                                     @RestQuery Integer limit, @RestQuery String order, @RestQuery("order_by") String orderBy) {
        Requests.orderBy(orderBy, "created_at");
        return batches.list(Actor.of(headers), after, before, limit(limit), "asc".equals(Requests.order(order)));
    }

    @GET
    @Path("/{batch_id}")
    @Operation(summary = "Retrieve a batch")
    public Uni<BatchView> get(@Context HttpHeaders headers, @RestPath("batch_id") String batchId) {
        return batches.get(Actor.of(headers), id(batchId));
    }

    @GET
    @Path("/{batch_id}/messages")
    @Operation(summary = "The messages of the batch's runs, raw (of one agent with agent_id), with cursors")
    public Uni<Map<String, List<MessageSearchRequests.RawMessage>>> messages(@Context HttpHeaders headers, @RestPath("batch_id") String batchId,
                                                                              @RestQuery String before, @RestQuery String after,
                                                                              @RestQuery Integer limit, @RestQuery String order,
                                                                              @RestQuery("order_by") String orderBy,
                                                                              @RestQuery("agent_id") String agentId) {
        Requests.orderBy(orderBy, "created_at");
        return batches.messages(Actor.of(headers), id(batchId), agentId == null ? null : Ids.require("agent", "agent_id", agentId), after,
                before, limit(limit), "asc".equals(Requests.order(order))).map(messages -> Map.of("messages", messages));
    }

    @PATCH
    @Path("/{batch_id}/cancel")
    @Operation(summary = "Cancel the batch's runs that have not ended (409 once the batch has ended)")
    public Uni<BatchView> cancel(@Context HttpHeaders headers, @RestPath("batch_id") String batchId) {
        return batches.cancel(Actor.of(headers), id(batchId));
    }

    private static String id(String batchId) {
        return Ids.require("job", "batch_id", batchId);
    }

    private static int limit(Integer limit) {
        return Requests.limit(limit, 100, 1000);
    }
}
