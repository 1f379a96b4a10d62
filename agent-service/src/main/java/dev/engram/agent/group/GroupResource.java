package dev.engram.agent.group;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.message.LettaRequest;
import dev.engram.agent.message.LettaResponse;
import dev.engram.agent.message.MessageResource;
import dev.engram.agent.message.MessageUpdates;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;
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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;
import java.util.Map;

/** Letta's {@code /v1/groups} routes: multi-agent groups, their shared blocks and messages. */
@Path("/v1/groups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "groups")
public class GroupResource {

    private final GroupService groups;
    private final GroupMessaging messaging;
    private final GroupHistory history;

    public GroupResource(GroupService groups, GroupMessaging messaging, GroupHistory history) {
        this.groups = groups;
        this.messaging = messaging;
        this.history = history;
    }

    @GET
    @Operation(summary = "List the organization's groups, oldest first unless order=desc, with cursors and filters")
    public Uni<List<GroupView>> list(@Context HttpHeaders headers, @RestQuery("manager_type") String managerType, @RestQuery String before,
                                     @RestQuery String after, @RestQuery @DefaultValue("50") int limit,
                                     @RestQuery @DefaultValue("asc") String order, @RestQuery("order_by") String orderBy,
                                     @RestQuery("project_id") String projectId,
                                     @RestQuery("show_hidden_groups") @DefaultValue("false") boolean showHidden) {
        Requests.orderBy(orderBy, "created_at");
        return groups.list(Actor.of(headers), new GroupRepository.Filter(managerType(managerType), projectId, showHidden),
                cursor("before", before), cursor("after", after), limit(limit), !"desc".equals(Requests.order(order)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a group of agents (round robin unless manager_config says otherwise); shared blocks are attached "
            + "to every agent of the group")
    public Uni<GroupView> create(@Context HttpHeaders headers, GroupRequests.Create body) {
        return groups.create(Actor.of(headers), body);
    }

    @GET
    @Path("/count")
    @Operation(summary = "Count the organization's groups")
    public Uni<Long> count(@Context HttpHeaders headers) {
        return groups.count(Actor.of(headers));
    }

    @GET
    @Path("/{group_id}")
    @Operation(summary = "Get a group")
    public Uni<GroupView> get(@Context HttpHeaders headers, @RestPath("group_id") String groupId) {
        return groups.require(Actor.of(headers), group(groupId)).map(GroupService.Loaded::view);
    }

    @PATCH
    @Path("/{group_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a group's description, agents or manager settings (not its manager type)")
    public Uni<GroupView> update(@Context HttpHeaders headers, @RestPath("group_id") String groupId, GroupRequests.Update body) {
        return groups.update(Actor.of(headers), group(groupId), body);
    }

    @DELETE
    @Path("/{group_id}")
    @Operation(summary = "Delete a group; its agents and their blocks stay")
    public Uni<Map<String, String>> delete(@Context HttpHeaders headers, @RestPath("group_id") String groupId) {
        String id = group(groupId);
        return groups.delete(Actor.of(headers), id).replaceWith(() -> Map.of("message", "Group id=" + id + " successfully deleted"));
    }

    @POST
    @Path("/{group_id}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send messages to a group: round robin members take turns, a supervisor asks its members (an Engram "
            + "route; Letta's current contract reaches groups through their agents)")
    public Uni<LettaResponse> send(@Context HttpHeaders headers, @RestPath("group_id") String groupId, LettaRequest body) {
        return messaging.send(Actor.of(headers), group(groupId), body, Requests.idempotencyKey(headers));
    }

    @GET
    @Path("/{group_id}/messages")
    @Operation(summary = "List the group's messages as Letta messages, newest first unless order=asc, with cursors")
    public Uni<List<JsonNode>> messages(@Context HttpHeaders headers, @RestPath("group_id") String groupId, @RestQuery String before,
                                        @RestQuery String after, @RestQuery @DefaultValue("10") int limit,
                                        @RestQuery @DefaultValue("desc") String order, @RestQuery("order_by") String orderBy,
                                        @RestQuery("use_assistant_message") @DefaultValue("true") boolean useAssistantMessage,
                                        @RestQuery("assistant_message_tool_name") @DefaultValue("send_message") String toolName,
                                        @RestQuery("assistant_message_tool_kwarg") @DefaultValue("message") String toolKwarg,
                                        @RestQuery("include_return_message_types") List<String> includeTypes) {
        Requests.orderBy(orderBy, "created_at");
        return history.list(Actor.of(headers), group(groupId), before, after, limit(limit), "asc".equals(Requests.order(order)),
                new GroupHistory.View(useAssistantMessage, toolName, toolKwarg, includeTypes == null || includeTypes.isEmpty() ? null
                        : includeTypes));
    }

    /** Messages are immutable (as for an agent's): after validation, and once the group is found, always 405. */
    @PATCH
    @Path("/{group_id}/messages/{message_id}")
    @Operation(summary = "Modify a group's message (deprecated): after validation always 405, messages are immutable")
    public Uni<Void> modifyMessage(@Context HttpHeaders headers, @RestPath("group_id") String groupId,
                                   @RestPath("message_id") String messageId, JsonNode body) {
        String id = group(groupId);
        Ids.require("message", "message_id", messageId);
        MessageUpdates.check(body);
        return groups.require(Actor.of(headers), id).chain(l -> Uni.createFrom().failure(new ApiException(405, MessageResource.IMMUTABLE)));
    }

    @PATCH
    @Path("/{group_id}/reset-messages")
    @Operation(summary = "Clear the window of every agent of the group down to its system message (answers JSON null)")
    public Uni<Response> reset(@Context HttpHeaders headers, @RestPath("group_id") String groupId) {
        return groups.resetMessages(Actor.of(headers), group(groupId)).replaceWith(GroupResource::jsonNull);
    }

    @PATCH
    @Path("/{group_id}/blocks/attach/{block_id}")
    @Operation(summary = "Share a block with the group: attached to every agent of the group (answers JSON null)")
    public Uni<Response> attachBlock(@Context HttpHeaders headers, @RestPath("group_id") String groupId, @RestPath("block_id") String blockId) {
        String id = group(groupId);
        return groups.attachBlock(Actor.of(headers), id, block(blockId)).replaceWith(GroupResource::jsonNull);
    }

    @PATCH
    @Path("/{group_id}/blocks/detach/{block_id}")
    @Operation(summary = "Stop sharing a block: detached from every agent of the group (answers JSON null)")
    public Uni<Response> detachBlock(@Context HttpHeaders headers, @RestPath("group_id") String groupId, @RestPath("block_id") String blockId) {
        String id = group(groupId);
        return groups.detachBlock(Actor.of(headers), id, block(blockId)).replaceWith(GroupResource::jsonNull);
    }

    static Response jsonNull() {
        return Response.ok("null", MediaType.APPLICATION_JSON).build();
    }

    static String group(String id) {
        return Ids.require("group", "group_id", id);
    }

    private static String block(String id) {
        return Ids.require("block", "block_id", id);
    }

    private static String cursor(String param, String id) {
        return id == null ? null : Ids.require("group", param, id);
    }

    static String managerType(String type) {
        if (type != null && !ManagerConfig.TYPES.contains(type) && !"swarm".equals(type)) {
            throw ApiException.unprocessable("manager_type: Input should be " + String.join(", ", ManagerConfig.TYPES.stream()
                    .map(t -> "'" + t + "'").toList()) + " or 'swarm'");
        }
        return type;
    }

    static int limit(int limit) {
        if (limit < 1 || limit > 10_000) {
            throw ApiException.unprocessable("limit: must be between 1 and 10000");
        }
        return limit;
    }
}
