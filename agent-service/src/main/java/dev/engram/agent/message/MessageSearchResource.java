package dev.engram.agent.message;

import dev.engram.agent.web.Actor;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Letta's search_messages, {@code POST /v1/agents/messages/search}: a class of its own, since a root class under
 * {@code /v1} would lose this path to the agent routes' {@code /v1/agents/{agent_id}/...}. Full-text search in
 * PostgreSQL for every search_mode (messages are not embedded).
 */
@Path("/v1/agents/messages/search")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "agents")
public class MessageSearchResource {

    private final OrgMessageService service;

    public MessageSearchResource(OrgMessageService service) {
        this.service = service;
    }

    @POST
    @Operation(summary = "Search the organization's messages, raw, with their full-text rank (project_id and template_id narrow "
            + "to those agents)")
    public Uni<List<MessageSearchRequests.MessageSearchResult>> search(@Context HttpHeaders headers,
                                                                      MessageSearchRequests.MessageSearchRequest body) {
        return service.search(Actor.of(headers), OrgMessageResource.required(body));
    }
}
