package dev.engram.agent.agentfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.group.GroupRequests;
import dev.engram.agent.group.GroupService;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Agent File's {@code groups} and each agent's {@code group_ids} (Letta's GroupSchema). An export brings every
 * agent of the exported agent's groups (members and manager, and theirs in turn) into the file, so each group is
 * written once with all its agents, its manager and its shared blocks as the file's ids. Imported groups are made
 * after the agents, and removed again if the import fails later.
 */
@ApplicationScoped
public class GroupSection {

    private final GroupService groups;
    private final ObjectMapper mapper;

    public GroupSection(GroupService groups, ObjectMapper mapper) {
        this.groups = groups;
        this.mapper = mapper;
    }

    /** The agents an export of one agent holds (it first) and the groups among them, each once, oldest first. */
    record Reach(List<String> agentIds, List<GroupService.Loaded> groups) {
    }

    /**
     * The agent, then every agent of its groups (members in the group's order, then the manager), and of their groups
     * in turn, until no group brings a new agent.
     */
    Uni<Reach> reach(Actor actor, String agentId) {
        LinkedHashSet<String> agents = new LinkedHashSet<>(List.of(agentId));
        Map<String, GroupService.Loaded> found = new LinkedHashMap<>();
        return reach(actor, new ArrayDeque<>(List.of(agentId)), agents, found)
                .map(v -> new Reach(List.copyOf(agents), List.copyOf(found.values())));
    }

    private Uni<Void> reach(Actor actor, ArrayDeque<String> pending, Set<String> agents, Map<String, GroupService.Loaded> found) {
        String next = pending.poll();
        if (next == null) {
            return Uni.createFrom().voidItem();
        }
        return groups.ofAgent(actor, next).chain(list -> {
            for (GroupService.Loaded l : list) {
                if (found.putIfAbsent(l.group().id, l) == null) {
                    l.everyAgent().stream().filter(agents::add).forEach(pending::add);
                }
            }
            return reach(actor, pending, agents, found);
        });
    }

    /** Writes the groups once each, with all their agents and manager, and each agent's {@code group_ids}. */
    void export(Reach reach, ObjectNode document, FileIds ids) {
        ArrayNode section = document.withArray("groups");
        Map<String, ArrayNode> byAgent = new LinkedHashMap<>();
        for (JsonNode a : document.withArray("agents")) {
            byAgent.put(a.path("id").asText(), ((ObjectNode) a).withArray("group_ids"));
        }
        for (GroupService.Loaded l : reach.groups()) {
            String fileId = ids.of("group", l.group().id);
            section.add(schema(l, fileId, ids));
            for (String agent : l.everyAgent()) {
                ArrayNode agentGroups = byAgent.get(ids.known(agent));
                if (agentGroups != null) {
                    agentGroups.add(fileId);
                }
            }
        }
    }

    private ObjectNode schema(GroupService.Loaded l, String fileId, FileIds ids) {
        ObjectNode g = mapper.createObjectNode();
        ArrayNode agentIds = g.putArray("agent_ids");
        l.agentIds().stream().map(ids::known).filter(java.util.Objects::nonNull).forEach(agentIds::add);
        g.put("description", l.group().description);
        ObjectNode config = g.putObject("manager_config");
        config.put("manager_type", l.group().managerType);
        if (l.group().managerAgentId != null) {
            config.put("manager_agent_id", ids.known(l.group().managerAgentId));
        }
        putIfSet(config, "max_turns", l.group().maxTurns);
        if (l.group().terminationToken != null) {
            config.put("termination_token", l.group().terminationToken);
        }
        putIfSet(config, "sleeptime_agent_frequency", l.group().sleeptimeAgentFrequency);
        putIfSet(config, "max_message_buffer_length", l.group().maxMessageBufferLength);
        putIfSet(config, "min_message_buffer_length", l.group().minMessageBufferLength);
        g.put("project_id", l.group().projectId);
        ArrayNode blocks = g.putArray("shared_block_ids");
        l.blockIds().stream().map(ids::known).filter(java.util.Objects::nonNull).forEach(blocks::add);
        if (l.group().hidden == null) {
            g.putNull("hidden");
        } else {
            g.put("hidden", l.group().hidden);
        }
        g.put("id", fileId);
        return g;
    }

    private static void putIfSet(ObjectNode node, String field, Integer value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /**
     * Makes the file's groups among the agents and blocks already imported ({@code ids}: file id → Engram id); answers
     * group file id → Engram id. Each group is registered with {@code undo}.
     */
    Uni<Map<String, String>> importAll(Actor actor, ArrayNode section, Map<String, String> ids, ImportUndo undo) {
        Map<String, String> made = new LinkedHashMap<>();
        if (section == null) {
            return Uni.createFrom().item(made);
        }
        Uni<Void> all = Uni.createFrom().voidItem();
        for (int i = 0; i < section.size(); i++) {
            JsonNode g = section.get(i);
            String path = "groups[" + i + "] (" + g.path("id").asText() + ")";
            GroupRequests.Create create = request(g, ids, path);
            all = all.chain(() -> Uni.createFrom().deferred(() -> groups.create(actor, create))
                    .onFailure(ApiException.class).transform(e -> new ApiException(((ApiException) e).status(), path + ": "
                            + ((ApiException) e).detail()))
                    .invoke(view -> {
                        made.put(g.path("id").asText(), view.id());
                        undo.add("group " + view.id(), () -> groups.delete(actor, view.id()));
                    }).replaceWithVoid());
        }
        return all.replaceWith(made);
    }

    private static GroupRequests.Create request(JsonNode g, Map<String, String> ids, String path) {
        List<String> agents = mapped(g.path("agent_ids"), ids, path + ".agent_ids");
        JsonNode config = g.get("manager_config");
        if (config != null && config.isObject() && config.hasNonNull("manager_agent_id")) {
            ObjectNode copy = ((ObjectNode) config).deepCopy();
            String manager = ids.get(config.get("manager_agent_id").asText());
            if (manager == null) {
                throw ApiException.unprocessable(path + ".manager_config.manager_agent_id: names no agent of the file ("
                        + config.get("manager_agent_id").asText() + ")");
            }
            copy.put("manager_agent_id", manager);
            config = copy;
        }
        List<String> blocks = mapped(g.path("shared_block_ids"), ids, path + ".shared_block_ids");
        String description = g.hasNonNull("description") ? g.get("description").asText() : null;
        String project = g.hasNonNull("project_id") ? g.get("project_id").asText() : null;
        Boolean hidden = g.hasNonNull("hidden") ? g.get("hidden").asBoolean() : null;
        return new GroupRequests.Create(agents, description, config, project, blocks, hidden);
    }

    private static List<String> mapped(JsonNode list, Map<String, String> ids, String path) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String id = ids.get(list.get(i).asText());
            if (id == null) {
                throw ApiException.unprocessable(path + "[" + i + "]: names nothing the file holds (" + list.get(i).asText() + ")");
            }
            out.add(id);
        }
        return out;
    }
}
