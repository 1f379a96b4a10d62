package dev.engram.agent.agent;

import dev.engram.agent.web.Actor;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Letta's {@code /v1/agents/{id}/generate}: a direct LLM call with the agent's model, outside the agent loop. */
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "agents")
public class GenerateResource {

    private final GenerateService service;

    public GenerateResource(GenerateService service) {
        this.service = service;
    }

    @POST
    @Path("/{agent_id}/generate")
    @Operation(summary = "One direct LLM call with the agent's model (or override_model): no memory, tools, persistence or run; "
            + "response_schema forces a structured answer")
    public Uni<GenerateResponse> generate(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                          @Valid @NotNull(message = "Field required") GenerateRequest body) {
        return service.generate(Actor.of(headers), AgentResource.agent(agentId), body);
    }
}
