package dev.engram.agent.agent;

import dev.engram.agent.block.BlockResponse;
import dev.engram.agent.identity.Identity;
import dev.engram.agent.identity.IdentityService;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.tool.ToolEntity;
import dev.engram.agent.tool.ToolRepository;
import dev.engram.agent.tool.ToolView;
import dev.engram.agent.web.Actor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/** Assembles Letta's AgentState: the agent row, its window and blocks from memory-service, its tools. */
@ApplicationScoped
public class AgentViews {

    private final MemoryClient memory;
    private final ToolRepository tools;

    public AgentViews(MemoryClient memory, ToolRepository tools) {
        this.memory = memory;
        this.tools = tools;
    }

    public Uni<AgentState> state(Actor actor, Agent a, Includes includes) {
        return states(actor, List.of(a), includes).map(List::getFirst);
    }

    /**
     * The states of several agents: their tools in one query (one database session, never shared between concurrent
     * calls), then their windows and blocks from memory-service in parallel.
     */
    public Uni<List<AgentState>> states(Actor actor, List<Agent> agents, Includes includes) {
        if (agents.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Uni<Map<String, List<ToolEntity>>> toolsByAgent = includes.tools()
                ? Panache.withSession(() -> tools.ofAgents(agents.stream().map(a -> a.id).toList()))
                : Uni.createFrom().item(Map.of());
        Uni<Map<String, List<Object>>> sourcesByAgent = includes.sources()
                ? Panache.withSession(() -> dev.engram.agent.folder.AgentFolders.viewsOfAgents(agents.stream().map(a -> a.id).toList()))
                : Uni.createFrom().item(Map.of());
        Uni<Map<String, Object>> managed = Panache.withSession(() -> dev.engram.agent.group.ManagedGroups.of(agents.stream().map(a -> a.id).toList()));
        Uni<Map<String, List<Identity>>> identitiesByAgent = includes.identities()
                ? Panache.withSession(() -> IdentityService.ofAgents(agents.stream().map(a -> a.id).toList()))
                : Uni.createFrom().item(Map.of());
        return toolsByAgent.chain(byAgent -> sourcesByAgent.chain(sources -> managed.chain(groups -> identitiesByAgent.chain(identities ->
                Uni.join().all(agents.stream()
                .map(a -> memory.context(actor, a.id)
                .map(ctx -> withGroup(of(a, ctx, byAgent.getOrDefault(a.id, List.of()).stream().map(ToolView::of).toList(),
                        sources.getOrDefault(a.id, List.of()), identities.getOrDefault(a.id, List.of()), includes), groups.get(a.id))))
                .toList()).andFailFast()))));
    }

    /** The state with the group the agent manages, as {@code managed_group} and the deprecated {@code multi_agent_group}. */
    private static AgentState withGroup(AgentState s, Object group) {
        if (group == null) {
            return s;
        }
        return new AgentState(s.createdById(), s.lastUpdatedById(), s.createdAt(), s.updatedAt(), s.id(), s.name(), s.toolRules(),
                s.messageIds(), s.system(), s.agentType(), s.llmConfig(), s.embeddingConfig(), s.model(), s.embedding(), s.modelSettings(),
                s.compactionSettings(), s.responseFormat(), s.description(), s.metadata(), s.memory(), s.blocks(), s.tools(), s.sources(),
                s.tags(), s.toolExecEnvironmentVariables(), s.secrets(), s.projectId(), s.templateId(), s.baseTemplateId(),
                s.deploymentId(), s.entityId(), s.identityIds(), s.identities(), s.pendingApproval(), s.messageBufferAutoclear(),
                s.enableSleeptime(), group, group, s.lastRunCompletion(), s.lastRunDurationMs(), s.lastStopReason(), s.timezone(),
                s.maxFilesOpen(), s.perFileViewWindowCharLimit(), s.hidden());
    }

    static AgentState of(Agent a, MemoryRecords.ContextView ctx, List<ToolView> tools, Includes includes) {
        return of(a, ctx, tools, List.of(), List.of(), includes);
    }

    /** The state with the agent's folders as its {@code sources} and its identities ({@code identity_ids}, {@code identities}). */
    static AgentState of(Agent a, MemoryRecords.ContextView ctx, List<ToolView> tools, List<Object> sources, List<Identity> identities,
                         Includes includes) {
        List<BlockResponse> blocks = includes.blocks() ? ctx.blocks().stream().map(BlockResponse::of).toList() : List.of();
        List<String> messageIds = ctx.messages().stream().map(MemoryRecords.MessageData::id).toList();
        return new AgentState(a.createdById, a.lastUpdatedById, a.createdAt, a.updatedAt, a.id, a.name, a.toolRules, messageIds,
                a.system, a.agentType, a.llmConfig, a.embeddingConfig, a.model, a.embedding, a.modelSettings, a.compactionSettings,
                a.responseFormat, a.description, a.metadata, new AgentState.Memory(a.agentType, false, blocks, List.of(), ""),
                blocks, tools, sources, includes.tags() ? a.tags : List.of(), AgentSecrets.view(a), AgentSecrets.view(a), a.projectId, a.templateId,
                a.baseTemplateId, null, null, identities.stream().map(i -> i.id).toList(),
                identities.stream().map(i -> (Object) IdentityService.shallow(i)).toList(),
                includes.pendingApproval() ? dev.engram.agent.loop.Approvals.pendingView(ctx.messages()) : null, a.messageBufferAutoclear, a.enableSleeptime, null, null,
                a.lastRunCompletion, a.lastRunDurationMs, a.lastStopReason, a.timezone, a.maxFilesOpen, a.perFileViewWindowCharLimit,
                a.hidden);
    }
}
