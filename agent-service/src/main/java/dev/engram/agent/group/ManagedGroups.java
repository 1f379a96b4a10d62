package dev.engram.agent.group;

import io.smallrye.mutiny.Uni;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** AgentState's {@code managed_group} (and the deprecated {@code multi_agent_group}): the group an agent manages. */
public final class ManagedGroups {

    private ManagedGroups() {
    }

    /** The (oldest) group each of these agents manages, by agent id; agents that manage none are left out. Within the caller's session. */
    public static Uni<Map<String, Object>> of(List<String> agentIds) {
        if (agentIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return AgentGroup.<AgentGroup>list("managerAgentId in ?1 order by createdAt, id", agentIds).chain(list -> {
            Map<String, AgentGroup> first = new LinkedHashMap<>();
            list.forEach(g -> first.putIfAbsent(g.managerAgentId, g));
            List<String> ids = first.values().stream().map(g -> g.id).toList();
            if (ids.isEmpty()) {
                return Uni.createFrom().item(Map.<String, Object>of());
            }
            return GroupMember.<GroupMember>list("groupId in ?1 order by groupId, position", ids)
                    .chain(members -> GroupBlock.<GroupBlock>list("groupId in ?1 order by groupId, createdAt, blockId", ids).map(blocks -> {
                        Map<String, List<String>> byGroupMembers = new HashMap<>();
                        members.forEach(m -> byGroupMembers.computeIfAbsent(m.groupId, k -> new java.util.ArrayList<>()).add(m.agentId));
                        Map<String, List<String>> byGroupBlocks = new HashMap<>();
                        blocks.forEach(b -> byGroupBlocks.computeIfAbsent(b.groupId, k -> new java.util.ArrayList<>()).add(b.blockId));
                        Map<String, Object> out = new HashMap<>();
                        first.forEach((agent, g) -> out.put(agent, GroupView.of(g, byGroupMembers.getOrDefault(g.id, List.of()),
                                byGroupBlocks.getOrDefault(g.id, List.of()))));
                        return out;
                    }));
        });
    }
}
