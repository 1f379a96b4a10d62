package dev.engram.agent.agent;

import dev.engram.agent.loop.Recompiler;
import dev.engram.agent.loop.ToolExecutor;
import dev.engram.agent.tool.Tool;
import dev.engram.agent.tool.ToolCallContext;
import dev.engram.agent.tool.ToolCatalog;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Runs one of an agent's tools on a client's behalf ({@code POST /v1/agents/{id}/tools/{name}/run}): the same tool
 * classes as the loop, so memory tools really edit memory, but outside any run: no message, step or run is created.
 */
@ApplicationScoped
public class ToolRunService {

    private static final Logger LOG = Logger.getLogger(ToolRunService.class);

    private final AgentService agents;
    private final ToolCatalog catalog;
    private final ToolExecutor executor;
    private final Recompiler recompiler;

    public ToolRunService(AgentService agents, ToolCatalog catalog, ToolExecutor executor, Recompiler recompiler) {
        this.agents = agents;
        this.catalog = catalog;
        this.executor = executor;
        this.recompiler = recompiler;
    }

    /**
     * @param idempotencyKey the key of the memory change the tool may make: a retry with the same key applies it once
     */
    public Uni<ToolExecutionResult> run(Actor actor, String agentId, String toolName, ToolExecuteRequest request, String idempotencyKey) {
        return agents.forRun(actor, agentId).chain(loaded -> {
            Tool tool = loaded.tools().stream().filter(t -> t.name.equals(toolName)).findFirst()
                    .flatMap(catalog::executable)
                    .orElseThrow(() -> ApiException.notFound("Tool '" + toolName + "' not found or not attached to agent '" + agentId + "'"));
            if (!request.args().isObject()) {
                return Uni.createFrom().item(ToolExecutionResult.error(ToolExecutor.notAnObject(tool.name(), request.args().toString())));
            }
            Agent agent = loaded.agent();
            String key = "tool-run:" + agent.id + ":" + tool.name() + ":" + idempotencyKey;
            ToolCallContext call = ToolCallContext.direct(actor, agent.id, key, request.args(), agent.embedding, agent.timezone,
                    agent.environment()).named(agent.name);
            return executor.execute(tool, call)
                    .call(e -> e.ok() && tool.changesMemory() ? recompile(actor, agent) : Uni.createFrom().voidItem())
                    .map(ToolExecutionResult::of);
        });
    }

    /**
     * The agent's system message shows its blocks: rewrite it when the tool changed them, as every other block change
     * does. The change itself is done and is what the caller gets told; a failed rewrite is only logged, since a
     * failure answered here would invite a retry that applies the change twice.
     */
    private Uni<Void> recompile(Actor actor, Agent agent) {
        // read again: the tool may have changed the agent itself (file tools store its <directories> section)
        return agents.require(actor, agent.id).chain(fresh -> recompiler.recompile(actor, fresh, false, false)).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("could not recompile agent %s after a direct tool run: %s", agent.id, e))
                .onFailure().recoverWithNull();
    }
}
