package dev.engram.agent.agent;

import dev.engram.agent.auth.Caller;
import dev.engram.agent.folder.AgentSources;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Letta's {@code /v1/agents} routes for the agents themselves. */
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "agents")
public class AgentResource {

    private final AgentService service;
    private final AgentUpdates updates;
    private final AgentSources sources;
    private final dev.engram.agent.identity.IdentityService identities;

    public AgentResource(AgentService service, AgentUpdates updates, AgentSources sources,
                         dev.engram.agent.identity.IdentityService identities) {
        this.service = service;
        this.updates = updates;
        this.sources = sources;
        this.identities = identities;
    }

    // Letta answers create and modify with every relationship, whatever the SDK: only GET and list honour `include`
    @POST
    @Operation(summary = "Create an agent")
    public Uni<AgentState> create(@Context HttpHeaders headers, @Valid CreateAgent body) {
        CreateAgent request = body == null ? new CreateAgent(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null) : body;
        Actor actor = Actor.of(headers);
        String key = headers.getHeaderString(Requests.IDEMPOTENCY_KEY);
        List<String> folders = request.foldersToAttach();
        List<String> identityIds = request.identityIds() == null ? List.of() : request.identityIds();
        if (folders.isEmpty() && identityIds.isEmpty()) {
            return service.create(actor, key, request, Includes.ALL);
        }
        // every folder and identity is checked before the agent is made; one that fails to attach undoes the agent
        String field = request.folderIds() != null && !request.folderIds().isEmpty() ? "folder_ids" : "source_ids";
        Uni<List<String>> checkedFolders = folders.isEmpty() ? Uni.createFrom().item(List.of()) : sources.require(actor, field, folders);
        return checkedFolders.chain(folderIds -> identities.require(actor, "identity_ids", identityIds)
                .chain(ids -> service.create(actor, key, request, Includes.ALL)
                        .chain(created -> sources.attach(actor, created.id(), folderIds)
                                .chain(() -> identities.replaceForAgent(created.id(), ids))
                                .onFailure().call(e -> service.delete(actor, created.id()).onFailure().recoverWithNull())
                                .chain(() -> service.get(actor, created.id(), Includes.ALL)))));
    }

    @GET
    @Operation(summary = "List agents (bare array; cursors after/before, limit, order, order_by)")
    public Uni<List<AgentState>> list(@Context HttpHeaders headers, @RestQuery String name, @RestQuery List<String> tags,
                                      @RestQuery("match_all_tags") boolean matchAllTags, @RestQuery String before,
                                      @RestQuery String after, @RestQuery Integer limit, @RestQuery("query_text") String queryText,
                                      @RestQuery("project_id") String projectId, @RestQuery("template_id") String templateId,
                                      @RestQuery("base_template_id") String baseTemplateId,
                                      @RestQuery("last_stop_reason") String lastStopReason,
                                      @RestQuery("identity_id") String identityId,
                                      @RestQuery("identifier_keys") List<String> identifierKeys,
                                      @RestQuery List<String> include, @RestQuery("include[]") List<String> includeBrackets,
                                      @RestQuery @DefaultValue("desc") String order,
                                      @RestQuery("order_by") @DefaultValue("created_at") String orderBy,
                                      @RestQuery Boolean ascending) {
        if (limit != null && limit < 1) {
            throw ApiException.unprocessable("limit: Input should be greater than 0");
        }
        if (!List.of("created_at", "updated_at", "last_run_completion").contains(orderBy)) {
            throw ApiException.unprocessable("order_by: Input should be 'created_at', 'updated_at' or 'last_run_completion'");
        }
        boolean asc = ascending != null ? ascending : "asc".equals(Requests.order(order));
        AgentRepository.Filter filter = new AgentRepository.Filter(name, queryText, tags, matchAllTags, projectId, templateId,
                baseTemplateId, lastStopReason, identityId == null ? null : Ids.require("identity", "identity_id", identityId),
                identifierKeys);
        String scope = Caller.currentAgentScope();
        if (scope != null) { // an agent-scoped key sees its agent only
            return after != null || before != null ? Uni.createFrom().item(List.of())
                    : service.get(Actor.of(headers), scope, Includes.of(headers, merge(include, includeBrackets))).map(List::of);
        }
        return service.list(Actor.of(headers), filter, after, before, limit == null ? 50 : Math.min(limit, 1000), asc, orderBy,
                Includes.of(headers, merge(include, includeBrackets)));
    }

    @GET
    @Path("/count")
    @Operation(summary = "Count agents")
    public Uni<Long> count(@Context HttpHeaders headers, @RestQuery String name, @RestQuery List<String> tags,
                           @RestQuery("match_all_tags") boolean matchAllTags, @RestQuery("query_text") String queryText,
                           @RestQuery("project_id") String projectId) {
        if (Caller.currentAgentScope() != null) {
            return Uni.createFrom().item(1L);
        }
        return service.count(Actor.of(headers), new AgentRepository.Filter(name, queryText, tags, matchAllTags, projectId, null, null, null,
                null, null));
    }

    @GET
    @Path("/{agent_id}")
    @Operation(summary = "Retrieve an agent")
    public Uni<AgentState> get(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                               @RestQuery List<String> include, @RestQuery("include[]") List<String> includeBrackets) {
        return service.get(Actor.of(headers), agent(agentId), Includes.of(headers, merge(include, includeBrackets)));
    }

    @PATCH
    @Path("/{agent_id}")
    @Operation(summary = "Modify an agent")
    public Uni<AgentState> update(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, UpdateAgent body) {
        if (body == null) {
            throw ApiException.unprocessable("body: Field required");
        }
        Actor actor = Actor.of(headers);
        String id = agent(agentId);
        List<String> folders = body.folders();
        List<String> identityIds = body.identityIds();
        if (folders == null && identityIds == null) {
            return updates.update(actor, id, body, Includes.ALL);
        }
        // the folders and identities are checked before anything changes; then they replace the agent's, as in Letta
        Uni<List<String>> checkedFolders = folders == null ? Uni.createFrom().nullItem()
                : sources.require(actor, body.folderIds() != null ? "folder_ids" : "source_ids", folders);
        return service.require(actor, id).chain(a -> checkedFolders)
                .chain(folderIds -> (identityIds == null ? Uni.createFrom().<List<String>>nullItem() : identities.require(actor, "identity_ids", identityIds))
                        .chain(ids -> updates.update(actor, id, body, Includes.ALL)
                                .chain(() -> folderIds == null ? Uni.createFrom().voidItem() : sources.replace(actor, id, folderIds))
                                .chain(() -> ids == null ? Uni.createFrom().voidItem() : identities.replaceForAgent(id, ids))
                                .chain(() -> service.get(actor, id, Includes.ALL))));
    }

    @DELETE
    @Path("/{agent_id}")
    @Operation(summary = "Delete an agent with its messages, passages and the blocks no other agent uses")
    public Uni<Map<String, String>> delete(@Context HttpHeaders headers, @RestPath("agent_id") String agentId) {
        String id = agent(agentId);
        return service.delete(Actor.of(headers), id).replaceWith(Map.of("message", "Agent id=" + id + " successfully deleted"));
    }

    public static String agent(String agentId) {
        return Ids.require("agent", "agent_id", agentId);
    }

    public static List<String> merge(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>();
        if (a != null) {
            out.addAll(a);
        }
        if (b != null) {
            out.addAll(b);
        }
        return out;
    }
}
