package dev.engram.memory.agent;

import dev.engram.memory.web.Callers;
import dev.engram.memory.web.Ids;
import dev.engram.memory.web.Responses;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import java.util.Map;

/** An agent's memory as a whole. */
@Path("/v1/agents/{agent_id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "agents")
public class AgentMemoryResource {

    private final AgentMemoryService service;

    public AgentMemoryResource(AgentMemoryService service) {
        this.service = service;
    }

    @POST
    @Path("/init")
    @Operation(summary = "Create a new agent's blocks, attach shared ones and commit its first window, atomically")
    public Uni<Response> init(@Context HttpHeaders headers, @HeaderParam("Idempotency-Key") String key,
                              @RestPath("agent_id") String agentId, @Valid @NotNull(message = "Field required") InitAgent body) {
        return service.init(Callers.of(headers), key, Ids.require("agent", "agent_id", agentId), body).map(Responses::of);
    }

    @DELETE
    @Operation(summary = "Delete the agent's messages, passages and attachments (and the blocks only it used)")
    public Uni<Map<String, Object>> delete(@Context HttpHeaders headers, @RestPath("agent_id") String agentId) {
        return service.delete(Callers.of(headers), Ids.require("agent", "agent_id", agentId));
    }
}
