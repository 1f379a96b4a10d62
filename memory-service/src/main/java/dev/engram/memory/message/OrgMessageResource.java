package dev.engram.memory.message;

import dev.engram.memory.web.Callers;
import dev.engram.memory.web.Ids;
import dev.engram.memory.web.Responses;
import io.smallrye.mutiny.Uni;
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

/**
 * The organization's messages across its agents: list, one by id, search. Letta views here may span agents of both
 * kinds: {@code inner_thoughts_agent_id} names the agents whose assistant text is inner thoughts (memgpt-style), for
 * which {@code text_is_assistant_message} does not hold.
 */
@Path("/v1/messages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "messages")
public class OrgMessageResource {

    private final MessageService service;
    private final MessageSearchService search;

    public OrgMessageResource(MessageService service, MessageSearchService search) {
        this.service = service;
        this.search = search;
    }

    @GET
    @Operation(summary = "Every message of the organization (view=raw or letta), with cursors; conversation_id=default: agents' "
            + "own threads, a conversation id: its messages and the history its window holds")
    public Uni<List<?>> list(@Context HttpHeaders headers, @RestQuery String after, @RestQuery String before,
                             @RestQuery Integer limit, @RestQuery @DefaultValue("desc") String order,
                             @RestQuery @DefaultValue("letta") String view, @RestQuery("agent_id") String agentId,
                             @RestQuery("conversation_id") String conversationId, @RestQuery List<String> roles,
                             @RestQuery("include_err") boolean includeErr,
                             @RestQuery("use_assistant_message") @DefaultValue("true") boolean useAssistantMessage,
                             @RestQuery("assistant_message_tool_name") @DefaultValue("send_message") String toolName,
                             @RestQuery("assistant_message_tool_kwarg") @DefaultValue("message") String toolKwarg,
                             @RestQuery("text_is_assistant_message") boolean textIsAssistantMessage,
                             @RestQuery("inner_thoughts_agent_id") List<String> innerThoughts,
                             @RestQuery("include_return_message_types") List<String> includeTypes) {
        MessageRepository.Scope scope = new MessageRepository.Scope(null, null, null, includeErr, MessageResource.thread(conversationId));
        int size = Responses.limit(limit, 100);
        boolean ascending = Responses.ascending(order, false);
        String agent = agentId == null ? null : Ids.require("agent", "agent_id", agentId);
        if ("raw".equals(view)) {
            return service.list(Callers.of(headers), agent, after, before, size, ascending,
                    roles == null || roles.isEmpty() ? null : new HashSet<>(roles), scope).map(l -> l);
        }
        ViewOptions options = new ViewOptions(useAssistantMessage, toolName, toolKwarg, textIsAssistantMessage, !ascending,
                set(includeTypes));
        return service.listLetta(Callers.of(headers), agent, after, before, size, ascending, options, scope, agents(innerThoughts))
                .map(l -> l);
    }

    @GET
    @Path("/{message_id}")
    @Operation(summary = "One message of the organization: its agent, its stored shape and its Letta messages")
    public Uni<StoredMessage> get(@Context HttpHeaders headers, @RestPath("message_id") String messageId,
                                  @RestQuery("use_assistant_message") @DefaultValue("true") boolean useAssistantMessage,
                                  @RestQuery("assistant_message_tool_name") @DefaultValue("send_message") String toolName,
                                  @RestQuery("assistant_message_tool_kwarg") @DefaultValue("message") String toolKwarg,
                                  @RestQuery("text_is_assistant_message") boolean textIsAssistantMessage,
                                  @RestQuery("inner_thoughts_agent_id") List<String> innerThoughts) {
        ViewOptions options = new ViewOptions(useAssistantMessage, toolName, toolKwarg, textIsAssistantMessage, false, null);
        return search.get(Callers.of(headers), Ids.require("message", "message_id", messageId), options, agents(innerThoughts));
    }

    @POST
    @Path("/search")
    @Operation(summary = "Full-text search over the organization's messages (PostgreSQL), ranked; newest first without a query")
    public Uni<List<MessageSearchHit>> search(@Context HttpHeaders headers, @NotNull(message = "Field required") MessageSearch body) {
        return search.search(Callers.of(headers), body);
    }

    private static Set<String> set(List<String> values) {
        return values == null || values.isEmpty() ? null : new HashSet<>(values);
    }

    private static Set<String> agents(List<String> ids) {
        return ids == null ? Set.of() : new HashSet<>(ids);
    }
}
