package dev.engram.memory.message;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.memory.web.Callers;
import dev.engram.memory.web.Ids;
import dev.engram.memory.web.Responses;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
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

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** An agent's recall memory: its messages, its in-context window, step commits and conversation search. */
@Path("/v1/agents/{agent_id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "messages")
public class MessageResource {

    private final MessageService service;
    private final ConversationSearchService search;

    public MessageResource(MessageService service, ConversationSearchService search) {
        this.service = service;
        this.search = search;
    }

    @POST
    @Path("/steps")
    @Operation(summary = "Commit a step: its messages and the agent's new window, atomically (idempotent by step_id)")
    public Uni<CommitResult> commit(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                    @Valid @NotNull(message = "Field required") CommitStep body) {
        return service.commit(Callers.of(headers), agent(agentId), body);
    }

    @GET
    @Path("/context")
    @Operation(summary = "Blocks, in-context messages and memory counts for the next step of a thread (conversation_id, "
            + "default: the agent's own), in one call")
    public Uni<ContextView> context(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                    @RestQuery("conversation_id") String conversationId) {
        return service.context(Callers.of(headers), agent(agentId), Ids.conversation("conversation_id", conversationId));
    }

    @GET
    @Path("/messages")
    @Operation(summary = "The agent's stored messages (view=raw) or as Letta messages (view=letta), with cursors; "
            + "conversation_id=default: the agent's own thread, a conversation id: its messages and the history its window holds")
    public Uni<List<?>> list(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                             @RestQuery String after, @RestQuery String before, @RestQuery Integer limit,
                             @RestQuery @DefaultValue("desc") String order, @RestQuery @DefaultValue("letta") String view,
                             @RestQuery List<String> roles,
                             @RestQuery("use_assistant_message") @DefaultValue("true") boolean useAssistantMessage,
                             @RestQuery("assistant_message_tool_name") @DefaultValue("send_message") String toolName,
                             @RestQuery("assistant_message_tool_kwarg") @DefaultValue("message") String toolKwarg,
                             @RestQuery("text_is_assistant_message") boolean textIsAssistantMessage,
                             @RestQuery("include_return_message_types") List<String> includeTypes,
                             @RestQuery("run_id") String runId, @RestQuery("step_id") String stepId,
                             @RestQuery("group_id") String groupId, @RestQuery("include_err") boolean includeErr,
                             @RestQuery("conversation_id") String conversationId) {
        MessageRepository.Scope scope = new MessageRepository.Scope(runId, stepId, groupId, includeErr, thread(conversationId));
        int size = Responses.limit(limit, 100);
        boolean ascending = Responses.ascending(order, false);
        String id = agent(agentId);
        if ("raw".equals(view)) {
            return service.list(Callers.of(headers), id, after, before, size, ascending, roles == null || roles.isEmpty() ? null
                    : new HashSet<>(roles), scope).map(l -> l);
        }
        Set<String> types = includeTypes == null || includeTypes.isEmpty() ? null : new HashSet<>(includeTypes);
        ViewOptions options = new ViewOptions(useAssistantMessage, toolName, toolKwarg, textIsAssistantMessage, !ascending, types);
        return service.listLetta(Callers.of(headers), id, after, before, size, ascending, options, scope, Set.of()).map(l -> l);
    }

    @POST
    @Path("/conversation-search")
    @Operation(summary = "conversation_search: full-text search over the agent's messages; answers the tool's JSON")
    public Uni<ObjectNode> search(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                  @NotNull(message = "Field required") ConversationSearch body) {
        return search.search(Callers.of(headers), agent(agentId), body);
    }

    /** The conversation_id filter of a listing: null (every thread), {@code default}, or a conversation id. */
    static String thread(String conversationId) {
        String conversation = Ids.conversation("conversation_id", conversationId);
        return conversation != null ? conversation : conversationId == null ? null : AgentContext.DEFAULT;
    }

    private static String agent(String agentId) {
        return Ids.require("agent", "agent_id", agentId);
    }
}
