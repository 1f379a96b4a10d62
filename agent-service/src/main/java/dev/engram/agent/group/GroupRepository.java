package dev.engram.agent.group;

import dev.engram.agent.db.Keyset;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Groups, their members in order and their shared blocks; every query within the caller's session. */
@ApplicationScoped
public class GroupRepository {

    /** A group's filters in a list. */
    public record Filter(String managerType, String projectId, boolean showHidden) {
    }

    public Uni<AgentGroup> find(String org, String id) {
        return AgentGroup.<AgentGroup>find("id = ?1 and organizationId = ?2", id, org).firstResult();
    }

    public Uni<List<AgentGroup>> page(String org, Filter f, String before, String after, int limit, boolean ascending) {
        Map<String, Object> params = new HashMap<>(Map.of("org", org));
        StringBuilder q = new StringBuilder("organizationId = :org");
        if (f.managerType() != null) {
            q.append(" and managerType = :type");
            params.put("type", f.managerType());
        }
        if (f.projectId() != null) {
            q.append(" and projectId = :project");
            params.put("project", f.projectId());
        }
        if (!f.showHidden()) {
            q.append(" and (hidden is null or hidden = false)");
        }
        return Keyset.resolve("AgentGroup", "createdAt", org, "after", after, "group")
                .chain(a -> Keyset.resolve("AgentGroup", "createdAt", org, "before", before, "group").chain(b -> {
                    Keyset.Plan plan = Keyset.plan("createdAt", a, b, ascending, params);
                    return AgentGroup.<AgentGroup>find(q + plan.condition() + plan.order(), params).page(0, limit).list().map(plan::arrange);
                }));
    }

    public Uni<Long> count(String org) {
        return AgentGroup.count("organizationId", org);
    }

    /** The groups an agent is a member or the manager of, oldest first. */
    public Uni<List<AgentGroup>> ofAgent(String org, String agentId) {
        return AgentGroup.<AgentGroup>list("organizationId = ?1 and (managerAgentId = ?2 or id in (select m.groupId from GroupMember m "
                + "where m.agentId = ?2)) order by createdAt, id", org, agentId);
    }

    /** The groups of this type the agent manages, oldest first. */
    public Uni<List<AgentGroup>> managedBy(String org, String agentId, String managerType) {
        return AgentGroup.<AgentGroup>list("organizationId = ?1 and managerAgentId = ?2 and managerType = ?3 order by createdAt, id",
                org, agentId, managerType);
    }

    /** The members of each group, in the group's order. */
    public Uni<Map<String, List<String>>> members(Collection<String> groupIds) {
        if (groupIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return GroupMember.<GroupMember>list("groupId in ?1 order by groupId, position", groupIds).map(rows -> {
            Map<String, List<String>> out = new LinkedHashMap<>();
            groupIds.forEach(id -> out.put(id, new ArrayList<>()));
            rows.forEach(r -> out.get(r.groupId).add(r.agentId));
            return out;
        });
    }

    /** The shared blocks of each group, in the order they were shared. */
    public Uni<Map<String, List<String>>> blocks(Collection<String> groupIds) {
        if (groupIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return GroupBlock.<GroupBlock>list("groupId in ?1 order by groupId, createdAt, blockId", groupIds).map(rows -> {
            Map<String, List<String>> out = new LinkedHashMap<>();
            groupIds.forEach(id -> out.put(id, new ArrayList<>()));
            rows.forEach(r -> out.get(r.groupId).add(r.blockId));
            return out;
        });
    }

    /** Makes these agents, in this order, the group's members: rows kept are renumbered, others removed or added. */
    public Uni<Void> replaceMembers(String groupId, List<String> agentIds) {
        return GroupMember.<GroupMember>list("groupId", groupId).chain(rows -> {
            Map<String, GroupMember> existing = new HashMap<>();
            rows.forEach(r -> existing.put(r.agentId, r));
            Uni<Void> all = Uni.createFrom().voidItem();
            for (GroupMember r : rows) {
                if (!agentIds.contains(r.agentId)) {
                    all = all.chain(() -> r.delete());
                }
            }
            List<GroupMember> added = new ArrayList<>();
            for (int i = 0; i < agentIds.size(); i++) {
                GroupMember kept = existing.get(agentIds.get(i));
                if (kept != null) {
                    kept.position = i;
                } else {
                    added.add(GroupMember.of(groupId, agentIds.get(i), i));
                }
            }
            return added.isEmpty() ? all : all.chain(() -> GroupMember.persist(added));
        });
    }

    /** Adds the block to the group's shared blocks; false when it was shared already. */
    public Uni<Boolean> addBlock(String groupId, String blockId, Instant at) {
        return GroupBlock.<GroupBlock>find("groupId = ?1 and blockId = ?2", groupId, blockId).firstResult()
                .chain(existing -> existing != null ? Uni.createFrom().item(false)
                        : GroupBlock.of(groupId, blockId, at).persist().replaceWith(true));
    }

    public Uni<Long> removeBlock(String groupId, String blockId) {
        return GroupBlock.delete("groupId = ?1 and blockId = ?2", groupId, blockId);
    }

    public Uni<Long> delete(String org, String id) {
        return AgentGroup.delete("id = ?1 and organizationId = ?2", id, org);
    }
}
