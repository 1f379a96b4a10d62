package dev.engram.memory.block;

import dev.engram.memory.web.Callers;
import dev.engram.memory.web.Ids;
import dev.engram.memory.web.Responses;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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

/** An agent's core memory: its attached blocks by label, and edits addressed by label as the memory tools do. */
@Path("/v1/agents/{agent_id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "agent blocks")
public class AgentBlockResource {

    private final BlockService service;
    private final BlockEditService edits;

    public AgentBlockResource(BlockService service, BlockEditService edits) {
        this.service = service;
        this.edits = edits;
    }

    @GET
    @Path("/blocks")
    @Operation(summary = "The agent's blocks in attachment order")
    public Uni<List<BlockResponse>> list(@Context HttpHeaders headers, @RestPath("agent_id") String agentId) {
        return service.blocksOf(Callers.of(headers), agent(agentId));
    }

    @POST
    @Path("/blocks")
    @Operation(summary = "Create a block and attach it to the agent, atomically")
    public Uni<Response> create(@Context HttpHeaders headers, @HeaderParam(BlockResource.IDEMPOTENCY_KEY) String key,
                                @RestPath("agent_id") String agentId, @Valid @NotNull(message = "Field required") CreateBlock body) {
        return service.createForAgent(Callers.of(headers), key, agent(agentId), body).map(Responses::of);
    }

    @GET
    @Path("/blocks/{label}")
    @Operation(summary = "The agent's block with this label (with conversation_id: the conversation's isolated copy when it has one)")
    public Uni<BlockResponse> get(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, @RestPath String label,
                                  @RestQuery("conversation_id") String conversationId) {
        return service.blockOf(Callers.of(headers), agent(agentId), label, Ids.conversation("conversation_id", conversationId));
    }

    @POST
    @Path("/blocks/{label}/edits")
    @Operation(summary = "Apply one atomic edit to the agent's block with this label (rethink creates it if missing); "
            + "with conversation_id, to the conversation's isolated copy when it has one")
    public Uni<Response> edit(@Context HttpHeaders headers, @HeaderParam(BlockResource.IDEMPOTENCY_KEY) String key,
                              @RestPath("agent_id") String agentId, @RestPath String label,
                              @RestQuery("conversation_id") String conversationId,
                              @Valid @NotNull(message = "Field required") BlockEdit body) {
        return edits.editForAgent(Callers.of(headers), key, agent(agentId), label, body, Ids.conversation("conversation_id", conversationId))
                .map(Responses::of);
    }

    @PUT
    @Path("/attachments/{block_id}")
    @Operation(summary = "Attach a block to the agent (409 if the agent already has a block with that label)")
    public Uni<Response> attach(@Context HttpHeaders headers, @HeaderParam(BlockResource.IDEMPOTENCY_KEY) String key,
                                @RestPath("agent_id") String agentId, @RestPath("block_id") String blockId) {
        return service.attach(Callers.of(headers), key, agent(agentId), Ids.require("block", "block_id", blockId)).map(Responses::of);
    }

    @DELETE
    @Path("/attachments/{block_id}")
    @Operation(summary = "Detach a block from the agent (the block itself stays)")
    public Uni<Response> detach(@Context HttpHeaders headers, @HeaderParam(BlockResource.IDEMPOTENCY_KEY) String key,
                                @RestPath("agent_id") String agentId, @RestPath("block_id") String blockId) {
        return service.detach(Callers.of(headers), key, agent(agentId), Ids.require("block", "block_id", blockId)).map(Responses::of);
    }

    private static String agent(String agentId) {
        return Ids.require("agent", "agent_id", agentId);
    }
}
