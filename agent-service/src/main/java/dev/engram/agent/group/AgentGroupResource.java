package dev.engram.agent.group;

import dev.engram.agent.agent.AgentService;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.Cursors;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
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

/** Letta's {@code GET /v1/agents/{agent_id}/groups}: the groups an agent is a member or the manager of. */
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "groups")
public class AgentGroupResource {

    private final AgentService agents;
    private final GroupService groups;

    public AgentGroupResource(AgentService agents, GroupService groups) {
        this.agents = agents;
        this.groups = groups;
    }

    @GET
    @Path("/{agent_id}/groups")
    @Operation(summary = "The agent's groups (as member or manager), newest first unless order=asc, with cursors")
    public Uni<List<GroupView>> list(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                     @RestQuery("manager_type") String managerType, @RestQuery String before, @RestQuery String after,
                                     @RestQuery @DefaultValue("100") int limit, @RestQuery @DefaultValue("desc") String order) {
        Actor actor = Actor.of(headers);
        String type = GroupResource.managerType(managerType);
        int max = GroupResource.limit(limit);
        boolean ascending = "asc".equals(Requests.order(order));
        return agents.require(actor, Ids.require("agent", "agent_id", agentId))
                .chain(a -> groups.ofAgent(actor, a.id))
                .map(list -> list.stream().filter(l -> type == null || type.equals(l.group().managerType)).map(GroupService.Loaded::view).toList())
                .map(list -> Cursors.page(list, GroupView::id, before, after, max, ascending, "group"));
    }
}
