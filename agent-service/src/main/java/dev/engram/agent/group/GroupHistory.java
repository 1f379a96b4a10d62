package dev.engram.agent.group;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.agent.AgentRepository;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.Cursors;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A group's messages as Letta messages: for a group with a manager, the manager's messages written in the group;
 * otherwise every member's, merged by date. Letta's cursors over them.
 */
@ApplicationScoped
public class GroupHistory {

    /** How many messages of each member are read for the merged list. */
    static final int PER_AGENT = 1000;

    private final GroupService groups;
    private final AgentRepository agents;
    private final MemoryClient memory;

    public GroupHistory(GroupService groups, AgentRepository agents, MemoryClient memory) {
        this.groups = groups;
        this.agents = agents;
        this.memory = memory;
    }

    /** The view options of Letta's message lists. */
    public record View(boolean useAssistantMessage, String toolName, String toolKwarg, List<String> includeTypes) {
    }

    public Uni<List<JsonNode>> list(Actor actor, String groupId, String before, String after, int limit, boolean ascending, View view) {
        return groups.require(actor, groupId).chain(l -> {
            String group = l.group().id;
            if (l.group().managerAgentId != null) {
                return agentMessages(actor, l.group().managerAgentId, group, view, query -> {
                    query.putSingle("order", ascending ? "asc" : "desc");
                    query.putSingle("limit", String.valueOf(limit));
                    if (before != null) {
                        query.putSingle("before", before);
                    }
                    if (after != null) {
                        query.putSingle("after", after);
                    }
                });
            }
            Uni<List<JsonNode>> all = Uni.createFrom().item(ArrayList::new);
            for (String member : l.agentIds()) {
                all = all.chain(list -> agentMessages(actor, member, group, view, query -> {
                    query.putSingle("order", "asc");
                    query.putSingle("limit", String.valueOf(PER_AGENT));
                }).map(found -> {
                    list.addAll(found);
                    return list;
                }));
            }
            return all.map(list -> {
                List<JsonNode> sorted = new ArrayList<>(list);
                sorted.sort(Comparator.comparing(m -> m.path("date").asText()));
                return Cursors.page(sorted, m -> m.path("id").asText(), before, after, limit, ascending, "message");
            });
        });
    }

    private Uni<List<JsonNode>> agentMessages(Actor actor, String agentId, String groupId, View view,
                                              java.util.function.Consumer<MultivaluedMap<String, String>> paging) {
        return Panache.withSession(() -> agents.findInOrg(actor.organizationId(), agentId)).chain(agent -> {
            if (agent == null) {
                return Uni.createFrom().item(List.<JsonNode>of());
            }
            MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
            q.putSingle("view", "letta");
            q.putSingle("group_id", groupId);
            q.putSingle("use_assistant_message", String.valueOf(view.useAssistantMessage()));
            q.putSingle("assistant_message_tool_name", view.toolName());
            q.putSingle("assistant_message_tool_kwarg", view.toolKwarg());
            q.putSingle("text_is_assistant_message", String.valueOf(!agent.agentType.startsWith("memgpt")));
            if (view.includeTypes() != null) {
                view.includeTypes().forEach(t -> q.add("include_return_message_types", t));
            }
            paging.accept(q);
            return memory.messages(actor, agent.id, q);
        });
    }
}
