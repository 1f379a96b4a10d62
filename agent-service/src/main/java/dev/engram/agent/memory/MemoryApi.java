package dev.engram.agent.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.web.ApiException;
import dev.engram.suite.ServiceTokenHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

import java.util.List;

/** memory-service's internal API as this service uses it. Only {@link MemoryClient} calls it. */
@RegisterRestClient(configKey = "memory")
@RegisterClientHeaders(ServiceTokenHeaders.class)
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface MemoryApi {

    String ORG = "X-Engram-Org";
    String ACTOR = "X-Engram-Actor";
    String KEY = "Idempotency-Key";

    @POST
    @Path("/blocks")
    Uni<Block> createBlock(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor, @RestHeader(KEY) String key, Object body);

    @GET
    @Path("/blocks")
    Uni<List<Block>> listBlocks(@RestHeader(ORG) String org, @RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/blocks/count")
    Uni<Long> countBlocks(@RestHeader(ORG) String org, @RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/blocks/tags")
    Uni<List<String>> blockTags(@RestHeader(ORG) String org, @RestQuery("query_text") String text, @RestQuery String after,
                                @RestQuery String before, @RestQuery String order, @RestQuery int limit);

    @GET
    @Path("/blocks/{id}")
    Uni<Block> getBlock(@RestHeader(ORG) String org, @RestPath String id);

    @PATCH
    @Path("/blocks/{id}")
    Uni<Block> updateBlock(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor, @RestHeader(KEY) String key,
                           @RestPath String id, Object body);

    @DELETE
    @Path("/blocks/{id}")
    Uni<Response> deleteBlock(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor, @RestHeader(KEY) String key,
                              @RestPath String id);

    // --- an agent's blocks

    @GET
    @Path("/agents/{agent}/blocks")
    Uni<List<Block>> agentBlocks(@RestHeader(ORG) String org, @RestPath String agent);

    @GET
    @Path("/agents/{agent}/blocks/{label}")
    Uni<Block> agentBlock(@RestHeader(ORG) String org, @RestPath String agent, @RestPath String label,
                          @RestQuery("conversation_id") String conversationId);

    @POST
    @Path("/agents/{agent}/blocks/{label}/edits")
    Uni<Block> editAgentBlock(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor, @RestHeader(KEY) String key,
                              @RestPath String agent, @RestPath String label, @RestQuery("conversation_id") String conversationId,
                              MemoryRecords.BlockEdit edit);

    @PUT
    @Path("/agents/{agent}/attachments/{block}")
    Uni<Block> attach(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor, @RestHeader(KEY) String key,
                      @RestPath String agent, @RestPath String block);

    @DELETE
    @Path("/agents/{agent}/attachments/{block}")
    Uni<Block> detach(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor, @RestHeader(KEY) String key,
                      @RestPath String agent, @RestPath String block);

    @GET
    @Path("/blocks/{id}/agents")
    Uni<List<String>> agentsOfBlock(@RestHeader(ORG) String org, @RestPath String id);

    @GET
    @Path("/blocks/{id}/history")
    Uni<List<BlockChange>> blockHistory(@RestHeader(ORG) String org, @RestPath String id, @RestQuery("after_version") Long afterVersion,
                                        @RestQuery Integer limit);

    // --- an agent's memory as a whole, its window and messages

    @POST
    @Path("/agents/{agent}/init")
    Uni<List<Block>> initAgent(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor, @RestHeader(KEY) String key,
                               @RestPath String agent, MemoryRecords.InitAgent body);

    @DELETE
    @Path("/agents/{agent}")
    Uni<Response> deleteAgent(@RestHeader(ORG) String org, @RestPath String agent);

    @GET
    @Path("/agents/{agent}/context")
    Uni<MemoryRecords.ContextView> context(@RestHeader(ORG) String org, @RestPath String agent,
                                           @RestQuery("conversation_id") String conversationId);

    @POST
    @Path("/agents/{agent}/steps")
    Uni<MemoryRecords.CommitResult> commit(@RestHeader(ORG) String org, @RestPath String agent, MemoryRecords.CommitStep step);

    @GET
    @Path("/agents/{agent}/messages")
    Uni<List<JsonNode>> messages(@RestHeader(ORG) String org, @RestPath String agent, @RestQuery MultivaluedMap<String, String> query);

    // --- conversations: threads of an agent with their own windows

    @POST
    @Path("/agents/{agent}/conversations/{conversation}")
    Uni<MemoryRecords.ConversationCreated> initConversation(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor,
                                                            @RestHeader(KEY) String key, @RestPath String agent,
                                                            @RestPath String conversation, MemoryRecords.InitConversation body);

    @DELETE
    @Path("/agents/{agent}/conversations/{conversation}")
    Uni<Response> deleteConversation(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor, @RestHeader(KEY) String key,
                                     @RestPath String agent, @RestPath String conversation);

    // --- the organization's messages across agents

    @GET
    @Path("/messages")
    Uni<List<JsonNode>> allMessages(@RestHeader(ORG) String org, @RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/messages/{id}")
    Uni<MemoryRecords.StoredMessage> message(@RestHeader(ORG) String org, @RestPath String id,
                                             @RestQuery MultivaluedMap<String, String> query);

    @POST
    @Path("/messages/search")
    Uni<List<MemoryRecords.MessageSearchHit>> searchMessages(@RestHeader(ORG) String org, MemoryRecords.MessageSearch body);

    @POST
    @Path("/agents/{agent}/conversation-search")
    Uni<JsonNode> conversationSearch(@RestHeader(ORG) String org, @RestPath String agent, MemoryRecords.ConversationSearch body);

    // --- archival memory

    @POST
    @Path("/agents/{agent}/passages")
    Uni<MemoryRecords.Passage> insertPassage(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor, @RestHeader(KEY) String key,
                                             @RestPath String agent, @RestQuery("archive_name") String archiveName,
                                             MemoryRecords.CreatePassage body);

    @POST
    @Path("/agents/{agent}/passages/batch")
    Uni<List<MemoryRecords.Passage>> insertPassages(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor,
                                                    @RestHeader(KEY) String key, @RestPath String agent,
                                                    MemoryRecords.CreatePassages body);

    @POST
    @Path("/agents/{agent}/passages/batch/vectors")
    Uni<MemoryRecords.VectorsInserted> insertPassagesWithVectors(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor,
                                                                 @RestHeader(KEY) String key, @RestPath String agent,
                                                                 MemoryRecords.VectorPassages body);

    @GET
    @Path("/agents/{agent}/passages/vectors")
    Uni<List<MemoryRecords.PassageVector>> passageVectors(@RestHeader(ORG) String org, @RestPath String agent, @RestQuery String after,
                                                          @RestQuery Integer limit);

    @GET
    @Path("/agents/{agent}/passages")
    Uni<List<MemoryRecords.Passage>> passages(@RestHeader(ORG) String org, @RestPath String agent,
                                              @RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/passages/count")
    Uni<Long> countPassages(@RestHeader(ORG) String org);

    @GET
    @Path("/agents/{agent}/passages/search")
    Uni<MemoryRecords.SearchResult> searchPassages(@RestHeader(ORG) String org, @RestPath String agent,
                                                   @RestQuery MultivaluedMap<String, String> query);

    @DELETE
    @Path("/agents/{agent}/passages/{id}")
    Uni<Response> deletePassage(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor, @RestHeader(KEY) String key,
                                @RestPath String agent, @RestPath String id);

    // --- archives

    @POST
    @Path("/archives")
    Uni<MemoryRecords.Archive> createArchive(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor, @RestHeader(KEY) String key,
                                             MemoryRecords.CreateArchive body);

    @GET
    @Path("/archives")
    Uni<List<MemoryRecords.Archive>> archives(@RestHeader(ORG) String org, @RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/archives/{id}")
    Uni<MemoryRecords.Archive> archive(@RestHeader(ORG) String org, @RestPath String id);

    @PATCH
    @Path("/archives/{id}")
    Uni<MemoryRecords.Archive> updateArchive(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor, @RestHeader(KEY) String key,
                                             @RestPath String id, MemoryRecords.UpdateArchive body);

    @DELETE
    @Path("/archives/{id}")
    Uni<Response> deleteArchive(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor, @RestHeader(KEY) String key,
                                @RestPath String id);

    @GET
    @Path("/archives/{id}/agents")
    Uni<List<String>> agentsOfArchive(@RestHeader(ORG) String org, @RestPath String id);

    @POST
    @Path("/archives/{id}/passages")
    Uni<MemoryRecords.Passage> insertArchivePassage(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor,
                                                    @RestHeader(KEY) String key, @RestPath String id, MemoryRecords.CreatePassage body);

    @POST
    @Path("/archives/{id}/passages/batch")
    Uni<List<MemoryRecords.Passage>> insertArchivePassages(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor,
                                                           @RestHeader(KEY) String key, @RestPath String id,
                                                           MemoryRecords.CreatePassages body);

    @DELETE
    @Path("/archives/{id}/passages/{passage}")
    Uni<Response> deleteArchivePassage(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor, @RestHeader(KEY) String key,
                                       @RestPath String id, @RestPath String passage);

    @PUT
    @Path("/agents/{agent}/archives/{id}")
    Uni<MemoryRecords.Archive> attachArchive(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor, @RestHeader(KEY) String key,
                                             @RestPath String agent, @RestPath String id, MemoryRecords.AttachArchive body);

    @DELETE
    @Path("/agents/{agent}/archives/{id}")
    Uni<MemoryRecords.Archive> detachArchive(@RestHeader(ORG) String org, @RestHeader(ACTOR) String actor, @RestHeader(KEY) String key,
                                             @RestPath String agent, @RestPath String id);

    @POST
    @Path("/passages/search")
    Uni<List<MemoryRecords.PassageSearchHit>> searchArchives(@RestHeader(ORG) String org, MemoryRecords.PassageSearch body);

    /** memory-service answers errors as {"detail"}: 4xx keep their status and text; 5xx mean it cannot serve. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        String detail = null;
        try {
            if (response.hasEntity()) {
                detail = response.readEntity(ErrorBody.class).detail();
            }
        } catch (RuntimeException ignored) {
            // not our error shape
        }
        int status = response.getStatus();
        if (status >= 500) {
            return new MemoryUnavailable("memory-service failed (" + status + (detail == null ? "" : ": " + detail) + ")");
        }
        if (status == 401) {
            // never the caller's fault: the two services disagree on the service token (ENGRAM_SERVICE_TOKEN)
            return new MemoryUnavailable("memory-service refused agent-service's service token (ENGRAM_SERVICE_TOKEN): " + detail);
        }
        return new ApiException(status, detail == null ? "memory-service answered " + status : detail);
    }

    record ErrorBody(String detail) {
    }

    // --- storage (the daily usage snapshot)

    @GET
    @Path("/storage")
    Uni<MemoryRecords.Storage> storage(@RestHeader(ORG) String org);
}
