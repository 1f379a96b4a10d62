package dev.engram.memory.conversation;

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

/** A conversation's memory: created with its isolated blocks and first window, deleted with its own messages. */
@Path("/v1/agents/{agent_id}/conversations/{conversation_id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "conversations")
public class ConversationResource {

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final ConversationService service;

    public ConversationResource(ConversationService service) {
        this.service = service;
    }

    @POST
    @Operation(summary = "Start a conversation: copy its isolated blocks and commit its first window, atomically")
    public Uni<Response> init(@Context HttpHeaders headers, @HeaderParam(IDEMPOTENCY_KEY) String key,
                              @RestPath("agent_id") String agentId, @RestPath("conversation_id") String conversationId,
                              @Valid @NotNull(message = "Field required") InitConversation body) {
        return service.init(Callers.of(headers), key, agent(agentId), conversation(conversationId), body).map(Responses::of);
    }

    @DELETE
    @Operation(summary = "Delete a conversation's window, isolated blocks and the messages no other window holds")
    public Uni<Response> delete(@Context HttpHeaders headers, @HeaderParam(IDEMPOTENCY_KEY) String key,
                                @RestPath("agent_id") String agentId, @RestPath("conversation_id") String conversationId) {
        return service.delete(Callers.of(headers), key, agent(agentId), conversation(conversationId)).map(Responses::of);
    }

    private static String agent(String agentId) {
        return Ids.require("agent", "agent_id", agentId);
    }

    private static String conversation(String conversationId) {
        return Ids.require("conv", "conversation_id", conversationId);
    }
}
