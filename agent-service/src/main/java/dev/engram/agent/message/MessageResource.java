package dev.engram.agent.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.agent.AgentService;
import dev.engram.agent.loop.AgentLoop;
import dev.engram.agent.loop.Compactor;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;
import java.util.Map;

/** Letta's message routes of an agent: send (run the loop), list, summarize. */
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "messages")
public class MessageResource {

    private final AgentLoop loop;
    private final AgentService agents;
    private final MemoryClient memory;
    private final dev.engram.agent.run.RunService runs;

    public MessageResource(AgentLoop loop, AgentService agents, MemoryClient memory, dev.engram.agent.run.RunService runs) {
        this.loop = loop;
        this.agents = agents;
        this.memory = memory;
        this.runs = runs;
    }

    /** Letta's LettaAsyncRequest: a LettaRequest with a callback URL. */
    @POST
    @Path("/{agent_id}/messages/async")
    @Operation(summary = "Start a run in the background; answers the Run (status created); the callback gets the outcome")
    public Uni<dev.engram.agent.run.RunView> sendAsync(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, LettaRequest body) {
        if (body == null) {
            throw ApiException.unprocessable("body: Field required");
        }
        return loop.prepare(Actor.of(headers), Ids.require("agent", "agent_id", agentId), body,
                        headers.getHeaderString(Requests.IDEMPOTENCY_KEY), true, body.callbackUrl())
                .invoke(p -> {
                    if (!p.attached()) {
                        loop.start(p, dev.engram.agent.loop.RunObserver.NONE);
                    }
                })
                .map(p -> dev.engram.agent.run.RunView.of(p.run()));
    }

    /** Letta's cancel body. */
    public record CancelRuns(List<String> runIds) {
    }

    @POST
    @Path("/{agent_id}/messages/cancel")
    @Operation(summary = "Cancel the agent's active runs (or those named); 409 when none is active")
    public Uni<Map<String, String>> cancel(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, CancelRuns body) {
        Actor actor = Actor.of(headers);
        return agents.require(actor, Ids.require("agent", "agent_id", agentId))
                .chain(a -> runs.cancel(actor, a.id, body == null ? null : body.runIds()));
    }

    @GET
    @Path("/{agent_id}/messages")
    @Operation(summary = "List the agent's messages as Letta messages (system message included), with cursors")
    public Uni<List<JsonNode>> list(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, @RestQuery String before,
                                    @RestQuery String after, @RestQuery Integer limit, @RestQuery @DefaultValue("desc") String order,
                                    @RestQuery("use_assistant_message") @DefaultValue("true") boolean useAssistantMessage,
                                    @RestQuery("assistant_message_tool_name") @DefaultValue("send_message") String toolName,
                                    @RestQuery("assistant_message_tool_kwarg") @DefaultValue("message") String toolKwarg,
                                    @RestQuery("include_return_message_types") List<String> includeTypes,
                                    @RestQuery("order_by") String orderBy, @RestQuery("group_id") String groupId,
                                    @RestQuery("conversation_id") String conversationId,
                                    @RestQuery("include_err") Boolean includeErr) {
        Requests.orderBy(orderBy, "created_at");
        if (limit != null && limit < 1) {
            throw ApiException.unprocessable("limit: Input should be greater than 0");
        }
        Actor actor = Actor.of(headers);
        return agents.require(actor, Ids.require("agent", "agent_id", agentId)).chain(agent -> {
            MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
            q.putSingle("view", "letta");
            q.putSingle("order", Requests.order(order) == null ? "desc" : order);
            q.putSingle("limit", String.valueOf(limit == null ? 100 : limit));
            if (before != null) {
                q.putSingle("before", before);
            }
            if (after != null) {
                q.putSingle("after", after);
            }
            q.putSingle("use_assistant_message", String.valueOf(useAssistantMessage));
            q.putSingle("assistant_message_tool_name", toolName);
            q.putSingle("assistant_message_tool_kwarg", toolKwarg);
            q.putSingle("text_is_assistant_message", String.valueOf(!agent.agentType.startsWith("memgpt")));
            if (groupId != null) {
                q.putSingle("group_id", groupId);
            }
            if (conversationId != null) {
                q.putSingle("conversation_id", conversationId);
            }
            if (includeErr != null) {
                q.putSingle("include_err", String.valueOf(includeErr));
            }
            if (includeTypes != null) {
                includeTypes.forEach(t -> q.add("include_return_message_types", t));
            }
            return memory.messages(actor, agent.id, q);
        });
    }

    public static final String IMMUTABLE = "Message editing is no longer supported. Messages are immutable as they may be shared across "
            + "multiple conversations via forking.";

    /**
     * Letta 0.16's modify_message: the ids and the body are checked as the contract describes them (422), the agent
     * must exist (404), and then the answer is always 405, since messages are immutable.
     */
    @PATCH
    @Path("/{agent_id}/messages/{message_id}")
    @Operation(summary = "Modify a message (deprecated): after validation always 405, messages are immutable")
    public Uni<Void> edit(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, @RestPath("message_id") String messageId,
                          JsonNode body) {
        String agent = Ids.require("agent", "agent_id", agentId);
        Ids.require("message", "message_id", messageId);
        MessageUpdates.check(body);
        return agents.require(Actor.of(headers), agent).chain(a -> Uni.createFrom().failure(new ApiException(405, IMMUTABLE)));
    }

    @POST
    @Path("/{agent_id}/summarize")
    @Operation(summary = "Compact the agent's context window now: the oldest messages move out behind a summary")
    public Uni<Map<String, Object>> summarize(@Context HttpHeaders headers, @RestPath("agent_id") String agentId) {
        return loop.summarize(Actor.of(headers), Ids.require("agent", "agent_id", agentId)).map((Compactor.Outcome o) -> Map.of(
                "summary", o.summary(), "num_messages_before", o.messagesBefore(), "num_messages_after", o.messagesAfter()));
    }
}
