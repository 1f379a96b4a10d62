package dev.engram.agent.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
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

import java.util.List;

/**
 * Letta's organization-wide message routes: every message across agents, one message by id, and search_all_messages
 * ({@link MessageSearchResource} has search_messages).
 * Search is PostgreSQL full-text search (memory-service); messages are not embedded, so {@code search_mode} vector and
 * hybrid are accepted and answered by full-text search too.
 */
@Path("/v1/messages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "messages")
public class OrgMessageResource {

    private final OrgMessageService service;

    public OrgMessageResource(OrgMessageService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "List the messages of every agent as Letta messages, with cursors; conversation_id=default: agents' own threads")
    public Uni<List<JsonNode>> list(@Context HttpHeaders headers, @RestQuery String before, @RestQuery String after,
                                    @RestQuery Integer limit, @RestQuery String order,
                                    @RestQuery("conversation_id") String conversationId,
                                    @RestQuery("include_return_message_types") List<String> includeTypes) {
        return service.list(Actor.of(headers), before, after, limit, order, conversationId, includeTypes);
    }

    @GET
    @Path("/{message_id}")
    @Operation(summary = "The Letta messages of one stored message, in natural order")
    public Uni<List<ObjectNode>> get(@Context HttpHeaders headers, @RestPath("message_id") String messageId) {
        return service.get(Actor.of(headers), Ids.require("message", "message_id", messageId));
    }

    @POST
    @Path("/search")
    @Operation(summary = "Search the organization's user and assistant messages (PostgreSQL full-text search for every search_mode)")
    public Uni<List<ObjectNode>> searchAll(@Context HttpHeaders headers, MessageSearchRequests.SearchAllMessagesRequest body) {
        return service.searchAll(Actor.of(headers), required(body));
    }

    static <T> T required(T body) {
        if (body == null) {
            throw ApiException.unprocessable("body: Field required");
        }
        return body;
    }
}
