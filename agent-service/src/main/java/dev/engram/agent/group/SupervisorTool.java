package dev.engram.agent.group;

import dev.engram.agent.tool.AgentTool;
import dev.engram.agent.tool.SendMessageToAllAgentsInGroup;
import dev.engram.agent.tool.ToolRepository;
import dev.engram.agent.tool.ToolService;
import dev.engram.agent.web.Actor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** A supervisor group's manager gets the tool that messages every member of its group (once; attaching again is a no-op). */
@ApplicationScoped
public class SupervisorTool {

    private final ToolService tools;
    private final ToolRepository toolRows;

    public SupervisorTool(ToolService tools, ToolRepository toolRows) {
        this.tools = tools;
        this.toolRows = toolRows;
    }

    public Uni<Void> attachTo(Actor actor, String managerAgentId) {
        return tools.ensureBuiltIns(actor.organizationId())
                .chain(() -> Panache.withTransaction(() -> toolRows.byNames(actor.organizationId(), List.of(SendMessageToAllAgentsInGroup.NAME))
                        .chain(found -> AgentTool.<AgentTool>find("agentId = ?1 and toolId = ?2", managerAgentId, found.getFirst().id).firstResult()
                                .chain(existing -> existing != null ? Uni.createFrom().voidItem()
                                        : AgentTool.of(managerAgentId, found.getFirst().id).persist().replaceWithVoid()))));
    }
}
