package dev.engram.agent.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.engram.agent.loop.AgentLoop;
import dev.engram.agent.loop.Recompiler;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.run.RunService;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Requests;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
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
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;
import java.util.Map;

/**
 * Letta's {@code /v1/conversations}: threads of an agent. The routes that answer with a stream (sending a message,
 * resuming a stream) are {@link ConversationRoutes}; the path id {@code default} with an {@code agent_id} (or an
 * agent's id) is the agent's own thread.
 */
@Path("/v1/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "conversations")
public class ConversationResource {

    private final ConversationService service;
    private final MemoryClient memory;
    private final RunService runs;
    private final Recompiler recompiler;
    private final AgentLoop loop;

    public ConversationResource(ConversationService service, MemoryClient memory, RunService runs, Recompiler recompiler, AgentLoop loop) {
        this.service = service;
        this.memory = memory;
        this.runs = runs;
        this.recompiler = recompiler;
        this.loop = loop;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a conversation of an agent (isolated_block_labels: private copies of those blocks)")
    public Uni<ConversationView> create(@Context HttpHeaders headers, @RestQuery("agent_id") String agentId,
                                        ConversationService.CreateConversation body) {
        return service.create(Actor.of(headers), agentId, body, headers.getHeaderString(Requests.IDEMPOTENCY_KEY));
    }

    @GET
    @Operation(summary = "List conversations (bare array; newest first by default; cursor after)")
    public Uni<List<ConversationView>> list(@Context HttpHeaders headers, @RestQuery("agent_id") String agentId,
                                            @RestQuery Integer limit, @RestQuery String after, @RestQuery String before,
                                            @RestQuery("summary_search") String summarySearch,
                                            @RestQuery @DefaultValue("desc") String order, @RestQuery("order_by") String orderBy) {
        String by = Requests.orderBy(orderBy, "created_at", "last_run_completion", "last_message_at");
        if (limit != null && limit < 1) {
            throw ApiException.unprocessable("limit: Input should be greater than 0");
        }
        return service.list(Actor.of(headers), agentId, summarySearch, after, before, limit == null ? 50 : Math.min(limit, 1000),
                "asc".equals(Requests.order(order)), by);
    }

    @GET
    @Path("/{conversation_id}")
    @Operation(summary = "Retrieve a conversation, with its in-context message ids")
    public Uni<ConversationView> get(@Context HttpHeaders headers, @RestPath("conversation_id") String id) {
        return service.get(Actor.of(headers), id);
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{conversation_id}")
    @Operation(summary = "Modify a conversation's summary, model, model settings or last message time")
    public Uni<ConversationView> update(@Context HttpHeaders headers, @RestPath("conversation_id") String id,
                                        ConversationService.UpdateConversation body) {
        if (body == null) {
            throw ApiException.unprocessable("body: Field required");
        }
        return service.update(Actor.of(headers), id, body);
    }

    @DELETE
    @Path("/{conversation_id}")
    @Operation(summary = "Delete a conversation, its window and isolated blocks (answers JSON null)")
    public Uni<Response> delete(@Context HttpHeaders headers, @RestPath("conversation_id") String id) {
        return service.delete(Actor.of(headers), id).replaceWith(() -> Response.ok("null", MediaType.APPLICATION_JSON).build());
    }

    @POST
    @Path("/{conversation_id}/fork")
    @Operation(summary = "A new conversation continuing from this one's window (or the agent's own, for default)")
    public Uni<ConversationView> fork(@Context HttpHeaders headers, @RestPath("conversation_id") String id,
                                      @RestQuery("agent_id") String agentId) {
        return service.fork(Actor.of(headers), id, agentId, headers.getHeaderString(Requests.IDEMPOTENCY_KEY));
    }

    @GET
    @Path("/{conversation_id}/messages")
    @Operation(summary = "The conversation's messages as Letta messages, with cursors (default: the agent's own thread)")
    public Uni<List<JsonNode>> messages(@Context HttpHeaders headers, @RestPath("conversation_id") String id,
                                        @RestQuery("agent_id") String agentId, @RestQuery String before, @RestQuery String after,
                                        @RestQuery Integer limit, @RestQuery @DefaultValue("desc") String order,
                                        @RestQuery("order_by") String orderBy, @RestQuery("group_id") String groupId,
                                        @RestQuery("include_err") Boolean includeErr,
                                        @RestQuery("include_return_message_types") List<String> includeTypes) {
        Requests.orderBy(orderBy, "created_at");
        if (limit != null && limit < 1) {
            throw ApiException.unprocessable("limit: Input should be greater than 0");
        }
        Actor actor = Actor.of(headers);
        return service.target(actor, id, agentId).chain(t -> {
            MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
            q.putSingle("view", "letta");
            q.putSingle("conversation_id", t.threadId());
            q.putSingle("order", Requests.order(order) == null ? "desc" : order);
            q.putSingle("limit", String.valueOf(limit == null ? 100 : limit));
            put(q, "before", before);
            put(q, "after", after);
            put(q, "group_id", groupId);
            put(q, "include_err", includeErr);
            q.putSingle("text_is_assistant_message", String.valueOf(!t.agent().agentType.startsWith("memgpt")));
            if (includeTypes != null) {
                includeTypes.forEach(type -> q.add("include_return_message_types", type));
            }
            return memory.messages(actor, t.agent().id, q);
        });
    }

    @POST
    @Path("/{conversation_id}/cancel")
    @Operation(summary = "Cancel the conversation's active runs; 409 when none is active")
    public Uni<Map<String, String>> cancel(@Context HttpHeaders headers, @RestPath("conversation_id") String id,
                                           @RestQuery("agent_id") String agentId) {
        Actor actor = Actor.of(headers);
        return service.target(actor, id, agentId).chain(t -> runs.cancel(actor, t.agent().id, t.threadId(), null)
                .onFailure(ApiException.class).transform(e -> ((ApiException) e).status() == 409
                        ? ApiException.conflict("CONFLICT: No active runs to cancel for conversation " + id) : e));
    }

    /** The conversation routes' CompactionRequest; its settings are the agent's compaction as configured. */
    public record CompactionRequest(String agentId, JsonNode compactionSettings) {
    }

    @POST
    @Path("/{conversation_id}/recompile")
    @Operation(summary = "Recompile the conversation's system message from the agent's template and memory; answers it")
    public Uni<String> recompile(@Context HttpHeaders headers, @RestPath("conversation_id") String id,
                                 @RestQuery("dry_run") boolean dryRun, CompactionRequest body) {
        Actor actor = Actor.of(headers);
        return service.target(actor, id, body == null ? null : body.agentId())
                .chain(t -> recompiler.recompile(actor, t.agent(), t.conversation() == null ? null : t.conversation().id, true, dryRun))
                .map(prompt -> JsonNodeFactory.instance.textNode(prompt).toString());
    }

    @POST
    @Path("/{conversation_id}/compact")
    @Operation(summary = "Compact the conversation's window now: the oldest messages move out behind a summary")
    public Uni<Map<String, Object>> compact(@Context HttpHeaders headers, @RestPath("conversation_id") String id, CompactionRequest body) {
        Actor actor = Actor.of(headers);
        Requests.unsupported("compaction_settings", body != null && body.compactionSettings() != null && !body.compactionSettings().isNull());
        return service.target(actor, id, body == null ? null : body.agentId())
                .chain(t -> loop.summarize(actor, t.agent().id, t.thread()))
                .map(o -> {
                    if (o.messagesAfter() >= o.messagesBefore()) {
                        throw ApiException.badRequest("Summarization failed to reduce the number of messages. You may not have enough messages "
                                + "to compact or need to use a different CompactionSettings (e.g. using `all` mode).");
                    }
                    return Map.of("summary", o.summary(), "num_messages_before", o.messagesBefore(), "num_messages_after", o.messagesAfter());
                });
    }

    private static void put(MultivaluedMap<String, String> q, String key, Object value) {
        if (value != null) {
            q.putSingle(key, String.valueOf(value));
        }
    }
}
