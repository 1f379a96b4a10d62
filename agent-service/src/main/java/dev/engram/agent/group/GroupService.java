package dev.engram.agent.group;

import dev.engram.agent.agent.Agent;
import dev.engram.agent.agent.AgentRepository;
import dev.engram.agent.agent.WindowReset;
import dev.engram.agent.loop.Recompiler;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.engram.agent.db.Times.now;

/**
 * Groups of an organization: create, read, change, delete; their shared blocks, attached to every agent of the group
 * (members and manager) as they are shared; and resetting the windows of its agents.
 */
@ApplicationScoped
public class GroupService {

    private final GroupRepository groups;
    private final AgentRepository agents;
    private final MemoryClient memory;
    private final Recompiler recompiler;
    private final WindowReset reset;
    private final SupervisorTool supervisorTool;

    public GroupService(GroupRepository groups, AgentRepository agents, MemoryClient memory, Recompiler recompiler, WindowReset reset,
                        SupervisorTool supervisorTool) {
        this.groups = groups;
        this.agents = agents;
        this.memory = memory;
        this.recompiler = recompiler;
        this.reset = reset;
        this.supervisorTool = supervisorTool;
    }

    /** A group with its members in order and its shared blocks. */
    public record Loaded(AgentGroup group, List<String> agentIds, List<String> blockIds) {

        public GroupView view() {
            return GroupView.of(group, agentIds, blockIds);
        }

        /** Every agent of the group: the members in order, then the manager when it is not one of them. */
        public List<String> everyAgent() {
            LinkedHashSet<String> all = new LinkedHashSet<>(agentIds);
            if (group.managerAgentId != null) {
                all.add(group.managerAgentId);
            }
            return List.copyOf(all);
        }
    }

    // --- create

    public Uni<GroupView> create(Actor actor, GroupRequests.Create r) {
        if (r == null) {
            throw ApiException.unprocessable("body: Field required");
        }
        if (r.agentIds() == null) {
            throw ApiException.unprocessable("agent_ids: Field required");
        }
        if (r.description() == null) {
            throw ApiException.unprocessable("description: Field required");
        }
        List<String> members = agentIds(r.agentIds());
        List<String> blocks = blockIds(r.sharedBlockIds());
        ManagerConfig config = ManagerConfig.read(r.managerConfig(), true);
        AgentGroup g = new AgentGroup();
        g.id = "group-" + UUID.randomUUID();
        g.organizationId = actor.organizationId();
        g.description = r.description();
        g.projectId = r.projectId();
        g.hidden = r.hidden();
        apply(g, config);
        if (ManagerConfig.SLEEPTIME.equals(g.managerType) && g.sleeptimeAgentFrequency != null) {
            g.turnsCounter = -1;
        }
        g.createdAt = now();
        g.updatedAt = g.createdAt;
        g.createdById = actor.userId();
        g.lastUpdatedById = actor.userId();
        return requireBlocks(actor, blocks)
                .chain(() -> Panache.withTransaction(() -> requireAgents(actor, members, g.managerAgentId)
                        .chain(() -> g.persist())
                        .chain(() -> groups.replaceMembers(g.id, members))
                        .chain(() -> addBlocks(g.id, blocks))))
                .replaceWith(() -> new Loaded(g, members, blocks))
                .call(l -> shareBlocks(actor, l.everyAgent(), blocks))
                .call(l -> ManagerConfig.SUPERVISOR.equals(g.managerType) ? supervisorTool.attachTo(actor, g.managerAgentId)
                        : Uni.createFrom().voidItem())
                .map(Loaded::view);
    }

    private static void apply(AgentGroup g, ManagerConfig c) {
        g.managerType = c.managerType();
        g.managerAgentId = c.managerAgentId();
        g.maxTurns = c.maxTurns();
        g.terminationToken = c.terminationToken();
        g.sleeptimeAgentFrequency = c.sleeptimeAgentFrequency();
        g.maxMessageBufferLength = c.maxMessageBufferLength();
        g.minMessageBufferLength = c.minMessageBufferLength();
    }

    private Uni<Void> addBlocks(String groupId, List<String> blockIds) {
        Uni<Void> all = Uni.createFrom().voidItem();
        Instant at = now();
        for (int i = 0; i < blockIds.size(); i++) {
            Instant t = at.plus(i, ChronoUnit.MICROS);
            String id = blockIds.get(i);
            all = all.chain(() -> groups.addBlock(groupId, id, t)).replaceWithVoid();
        }
        return all;
    }

    // --- read

    public Uni<Loaded> require(Actor actor, String id) {
        return Panache.withSession(() -> find(actor, id));
    }

    private Uni<Loaded> find(Actor actor, String id) {
        return groups.find(actor.organizationId(), id).onItem().ifNull().failWith(() -> notFound(id))
                .chain(g -> loaded(List.of(g)).map(List::getFirst));
    }

    private Uni<List<Loaded>> loaded(List<AgentGroup> list) {
        List<String> ids = list.stream().map(g -> g.id).toList();
        return groups.members(ids).chain(members -> groups.blocks(ids).map(blocks -> list.stream()
                .map(g -> new Loaded(g, List.copyOf(members.get(g.id)), List.copyOf(blocks.get(g.id)))).toList()));
    }

    public Uni<List<GroupView>> list(Actor actor, GroupRepository.Filter filter, String before, String after, int limit, boolean ascending) {
        return Panache.withSession(() -> groups.page(actor.organizationId(), filter, before, after, limit, ascending).chain(this::loaded))
                .map(l -> l.stream().map(Loaded::view).toList());
    }

    public Uni<Long> count(Actor actor) {
        return Panache.withSession(() -> groups.count(actor.organizationId()));
    }

    /** The groups the agent is a member or the manager of, oldest first. */
    public Uni<List<Loaded>> ofAgent(Actor actor, String agentId) {
        return Panache.withSession(() -> groups.ofAgent(actor.organizationId(), agentId).chain(this::loaded));
    }

    // --- update and delete

    public Uni<GroupView> update(Actor actor, String id, GroupRequests.Update r) {
        List<String> members = r == null || r.agentIds() == null ? null : agentIds(r.agentIds());
        return Panache.withTransaction(() -> find(actor, id).chain(l -> {
                    AgentGroup g = l.group();
                    ManagerConfig c = r == null ? null : ManagerConfig.read(r.managerConfig(), false);
                    if (c != null && !c.managerType().equals(g.managerType)) {
                        throw ApiException.unprocessable("manager_config.manager_type: a group's manager type cannot change after creation "
                                + "(it is " + g.managerType + ")");
                    }
                    String manager = c != null && c.managerAgentId() != null ? c.managerAgentId() : g.managerAgentId;
                    return requireAgents(actor, members == null ? List.of() : members, manager).chain(() -> {
                        if (c != null) {
                            merge(g, c);
                        }
                        if (r != null && r.description() != null) {
                            g.description = r.description();
                        }
                        if (r != null && r.projectId() != null) {
                            g.projectId = r.projectId();
                        }
                        g.updatedAt = now();
                        g.lastUpdatedById = actor.userId();
                        return members == null ? Uni.createFrom().voidItem() : groups.replaceMembers(g.id, members);
                    });
                }).chain(() -> Panache.getSession().chain(s -> s.flush())))
                .chain(() -> require(actor, id))
                // agents that joined (or a new manager) get the group's shared blocks, as members do
                .call(l -> shareBlocks(actor, l.everyAgent(), l.blockIds()))
                .call(l -> ManagerConfig.SUPERVISOR.equals(l.group().managerType) ? supervisorTool.attachTo(actor, l.group().managerAgentId)
                        : Uni.createFrom().voidItem())
                .map(Loaded::view);
    }

    /** The fields the update sets; Letta keeps a field an update leaves out (or sends as null). */
    private static void merge(AgentGroup g, ManagerConfig c) {
        if (c.managerAgentId() != null) {
            g.managerAgentId = c.managerAgentId();
        }
        if (c.maxTurns() != null) {
            g.maxTurns = c.maxTurns();
        }
        if (c.terminationToken() != null) {
            g.terminationToken = c.terminationToken();
        }
        if (c.sleeptimeAgentFrequency() != null) {
            g.sleeptimeAgentFrequency = c.sleeptimeAgentFrequency();
            if (g.turnsCounter == null) {
                g.turnsCounter = -1;
            }
        }
        Integer max = c.maxMessageBufferLength() != null ? c.maxMessageBufferLength() : g.maxMessageBufferLength;
        Integer min = c.minMessageBufferLength() != null ? c.minMessageBufferLength() : g.minMessageBufferLength;
        if (ManagerConfig.VOICE_SLEEPTIME.equals(g.managerType)) {
            ManagerConfig.bufferRange(max, min);
        }
        g.maxMessageBufferLength = max;
        g.minMessageBufferLength = min;
    }

    /** Deletes the group; its agents and the blocks it shared with them stay as they are (Letta's behaviour). */
    public Uni<Void> delete(Actor actor, String id) {
        return Panache.withTransaction(() -> groups.delete(actor.organizationId(), id))
                .invoke(n -> {
                    if (n == 0) {
                        throw notFound(id);
                    }
                }).replaceWithVoid();
    }

    // --- shared blocks

    /** Shares the block with the group: it is attached to every agent of the group that does not have it yet. */
    public Uni<Void> attachBlock(Actor actor, String groupId, String blockId) {
        return require(actor, groupId)
                .call(l -> memory.getBlock(actor, blockId))
                .call(l -> Panache.withTransaction(() -> groups.addBlock(l.group().id, blockId, now())))
                .call(l -> shareBlocks(actor, l.everyAgent(), List.of(blockId)))
                .replaceWithVoid();
    }

    /** Stops sharing the block: it is detached from every agent of the group that has it. */
    public Uni<Void> detachBlock(Actor actor, String groupId, String blockId) {
        return require(actor, groupId)
                .call(l -> memory.getBlock(actor, blockId))
                .call(l -> Panache.withTransaction(() -> groups.removeBlock(l.group().id, blockId)))
                .call(l -> each(actor, l.everyAgent(), a -> memory.detach(actor, null, a.id, blockId).replaceWithVoid()
                        .onFailure(e -> e instanceof ApiException api && api.status() == 404).recoverWithNull()
                        .chain(() -> recompiler.recompile(actor, a, false, false)).replaceWithVoid()))
                .replaceWithVoid();
    }

    private Uni<Void> shareBlocks(Actor actor, List<String> agentIds, List<String> blockIds) {
        if (blockIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return each(actor, agentIds, a -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (String b : blockIds) {
                all = all.chain(() -> memory.attach(actor, null, a.id, b)).replaceWithVoid();
            }
            return all.chain(() -> recompiler.recompile(actor, a, false, false)).replaceWithVoid();
        });
    }

    /** Runs the work for each of these agents of the organization, one after another. */
    private Uni<Void> each(Actor actor, List<String> agentIds, java.util.function.Function<Agent, Uni<Void>> work) {
        return Panache.withSession(() -> agents.byIds(actor.organizationId(), agentIds)).chain(list -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (Agent a : list) {
                all = all.chain(() -> work.apply(a));
            }
            return all;
        });
    }

    // --- messages

    /** Clears the window of every agent of the group down to its system message. */
    public Uni<Void> resetMessages(Actor actor, String groupId) {
        return require(actor, groupId).chain(l -> each(actor, l.everyAgent(), a -> reset.reset(actor, a)));
    }

    // --- checks

    private static List<String> agentIds(List<String> ids) {
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = Ids.require("agent", "agent_ids[" + i + "]", ids.get(i));
            if (!seen.add(id)) {
                throw ApiException.unprocessable("agent_ids[" + i + "]: agent " + id + " is listed twice");
            }
            out.add(id);
        }
        return List.copyOf(out);
    }

    private static List<String> blockIds(List<String> ids) {
        if (ids == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = Ids.require("block", "shared_block_ids[" + i + "]", ids.get(i));
            if (!out.contains(id)) {
                out.add(id);
            }
        }
        return List.copyOf(out);
    }

    /** Every agent named must be one of the organization's (404 naming the first that is not); within the caller's session. */
    private Uni<Void> requireAgents(Actor actor, List<String> members, String manager) {
        List<String> all = new ArrayList<>(members);
        if (manager != null && !all.contains(manager)) {
            all.add(manager);
        }
        return agents.byIds(actor.organizationId(), all).invoke(found -> {
            Set<String> known = new HashSet<>();
            found.forEach(a -> known.add(a.id));
            for (String id : all) {
                if (!known.contains(id)) {
                    throw ApiException.notFound("Agent with id " + id + " not found");
                }
            }
        }).replaceWithVoid();
    }

    private Uni<Void> requireBlocks(Actor actor, List<String> blockIds) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (String id : blockIds) {
            all = all.chain(() -> memory.getBlock(actor, id)).replaceWithVoid();
        }
        return all;
    }

    static ApiException notFound(String id) {
        return ApiException.notFound("Group with id " + id + " not found");
    }
}
