package dev.engram.agent.identity;

import dev.engram.agent.agent.AgentResource;
import dev.engram.agent.agent.AgentService;
import dev.engram.agent.agent.AgentState;
import dev.engram.agent.agent.Includes;
import dev.engram.agent.web.Actor;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Letta's {@code PATCH /v1/agents/{agent_id}/identities/attach|detach/{identity_id}}: both answer the agent. */
@Path("/v1/agents/{agent_id}/identities")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "agents")
public class AgentIdentityResource {

    private final IdentityService identities;
    private final AgentService agents;

    public AgentIdentityResource(IdentityService identities, AgentService agents) {
        this.identities = identities;
        this.agents = agents;
    }

    @PATCH
    @Path("/attach/{identity_id}")
    @Operation(summary = "Attach an identity to an agent (attaching it again changes nothing)")
    public Uni<AgentState> attach(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                  @RestPath("identity_id") String identityId) {
        Actor actor = Actor.of(headers);
        String identity = IdentityResource.id(identityId);
        return agents.require(actor, AgentResource.agent(agentId)).call(a -> identities.attachAgent(actor, a, identity))
                .chain(a -> agents.get(actor, a.id, Includes.ALL));
    }

    @PATCH
    @Path("/detach/{identity_id}")
    @Operation(summary = "Detach an identity from an agent")
    public Uni<AgentState> detach(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                  @RestPath("identity_id") String identityId) {
        Actor actor = Actor.of(headers);
        String identity = IdentityResource.id(identityId);
        return agents.require(actor, AgentResource.agent(agentId)).call(a -> identities.detachAgent(actor, a, identity))
                .chain(a -> agents.get(actor, a.id, Includes.ALL));
    }
}
