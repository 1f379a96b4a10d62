package dev.engram.agent.agent;

import dev.engram.agent.loop.WindowChanges;
import dev.engram.agent.loop.Recompiler;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.tool.AgentTool;
import dev.engram.agent.tool.ToolRepository;
import dev.engram.agent.tool.ToolService;
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
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Changes to an existing agent: its settings, its tools, its attached blocks and its window. Changing {@code system}
 * does not rewrite the live system message (as in Letta); {@code /recompile} does.
 */
@ApplicationScoped
public class AgentUpdates {

    private static final Pattern NAME = Pattern.compile("^[\\w '\\-]+$");

    private final AgentService agents;
    private final AgentViews views;
    private final ToolService tools;
    private final ToolRepository toolRows;
    private final MemoryClient memory;
    private final ModelConfigs models;
    private final Recompiler recompiler;
    private final WindowChanges windows;

    public AgentUpdates(AgentService agents, AgentViews views, ToolService tools, ToolRepository toolRows, MemoryClient memory,
                        ModelConfigs models, Recompiler recompiler, WindowChanges windows) {
        this.windows = windows;
        this.agents = agents;
        this.views = views;
        this.tools = tools;
        this.toolRows = toolRows;
        this.memory = memory;
        this.models = models;
        this.recompiler = recompiler;
    }

    public Uni<AgentState> update(Actor actor, String id, UpdateAgent r, Includes includes) {
        NotSupportedYet.check(r);
        return agents.require(actor, id).chain(a -> {
            apply(actor, a, r);
            Uni<Void> blockChange = r.blockIds() == null ? Uni.createFrom().voidItem() : replaceBlocks(actor, a, r.blockIds());
            Uni<Void> windowChange = r.messageIds() == null ? Uni.createFrom().voidItem() : setWindow(actor, a, r.messageIds());
            Uni<Void> toolChange = r.toolIds() == null ? Uni.createFrom().voidItem()
                    : tools.resolve(actor, List.of(), r.toolIds(), List.of()).chain(list -> Panache.withTransaction(() -> toolRows.detachAll(a.id)
                    .chain(() -> {
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (var t : list) {
                            chain = chain.chain(() -> AgentTool.of(a.id, t.id).persist().replaceWithVoid());
                        }
                        return chain;
                    })));
            return blockChange.chain(() -> windowChange).chain(() -> toolChange)
                    .chain(() -> Panache.withTransaction(() -> Agent.getSession().chain(s -> s.merge(a))))
                    // the blocks and the tool rules are part of the compiled system prompt
                    .call(saved -> r.blockIds() == null && r.toolRules() == null ? Uni.createFrom().voidItem()
                            : recompiler.recompile(actor, saved, r.toolRules() != null, false).replaceWithVoid())
                    .chain(saved -> views.state(actor, saved, includes));
        });
    }

    private void apply(Actor actor, Agent a, UpdateAgent r) {
        if (r.name() != null) {
            if (!NAME.matcher(r.name()).matches()) {
                throw ApiException.unprocessable("name: String should match pattern '^[\\w '\\-]+$'");
            }
            a.name = r.name();
        }
        if (r.tags() != null) {
            a.tags = new ArrayList<>(r.tags());
        }
        if (r.system() != null) {
            a.system = r.system();
        }
        if (r.toolRules() != null) {
            a.toolRules = dev.engram.agent.loop.ToolRules.validate(r.toolRules());
        }
        if (r.description() != null) {
            a.description = r.description();
        }
        if (r.metadata() != null) {
            a.metadata = r.metadata();
        }
        if (r.secrets() != null || r.toolExecEnvironmentVariables() != null) {
            a.secrets = AgentSecrets.validated(r.secrets() != null ? r.secrets() : r.toolExecEnvironmentVariables(),
                    r.secrets() != null ? "secrets" : "tool_exec_environment_variables");
        }
        if (r.projectId() != null) {
            a.projectId = r.projectId();
        }
        if (r.templateId() != null) {
            a.templateId = r.templateId();
        }
        if (r.baseTemplateId() != null) {
            a.baseTemplateId = r.baseTemplateId();
        }
        if (r.messageBufferAutoclear() != null) {
            a.messageBufferAutoclear = r.messageBufferAutoclear();
        }
        if (r.contextWindowLimit() != null) {
            a.contextWindowLimit = r.contextWindowLimit();
        }
        String model = r.model() != null ? r.model() : r.llmConfig() != null && r.llmConfig().hasNonNull("handle")
                ? r.llmConfig().get("handle").asText() : null;
        if (model != null || r.contextWindowLimit() != null || r.maxTokens() != null || r.llmConfig() != null) {
            a.model = model != null ? model : a.model;
            Integer maxTokens = r.maxTokens() != null ? r.maxTokens()
                    : a.llmConfig != null && a.llmConfig.hasNonNull("max_tokens") ? a.llmConfig.get("max_tokens").asInt() : null;
            a.llmConfig = models.llmConfig(a.organizationId, a.model, a.contextWindowLimit, maxTokens, r.llmConfig());
        }
        if (r.modelSettings() != null) {
            a.modelSettings = r.modelSettings();
        }
        if (r.compactionSettings() != null) {
            a.compactionSettings = r.compactionSettings();
        }
        String embedding = r.embedding() != null ? r.embedding() : r.embeddingConfig() != null && r.embeddingConfig().hasNonNull("handle")
                ? r.embeddingConfig().get("handle").asText() : null;
        if (embedding != null) {
            a.embedding = embedding;
            a.embeddingConfig = models.embeddingConfig(embedding);
        }
        if (r.responseFormat() != null) {
            a.responseFormat = r.responseFormat();
        }
        if (r.enableSleeptime() != null) {
            a.enableSleeptime = r.enableSleeptime();
        }
        if (r.timezone() != null) {
            a.timezone = AgentService.timezone(r.timezone());
        }
        if (r.hidden() != null) {
            a.hidden = r.hidden();
        }
        if (r.maxFilesOpen() != null) {
            a.maxFilesOpen = r.maxFilesOpen();
        }
        if (r.perFileViewWindowCharLimit() != null) {
            a.perFileViewWindowCharLimit = r.perFileViewWindowCharLimit();
        }
        a.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        a.lastUpdatedById = actor.userId();
    }

    /** Attaches the blocks newly listed and detaches those no longer listed. */
    private Uni<Void> replaceBlocks(Actor actor, Agent a, List<String> blockIds) {
        for (int i = 0; i < blockIds.size(); i++) {
            Ids.require("block", "block_ids[" + i + "]", blockIds.get(i));
        }
        Set<String> wanted = new HashSet<>(blockIds);
        return memory.agentBlocks(actor, a.id).chain(current -> {
            Set<String> have = new HashSet<>();
            current.forEach(b -> have.add(b.id()));
            // every new block must be the organization's before anything changes (a 404 leaves the agent as it was)
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String id : new java.util.LinkedHashSet<>(blockIds)) {
                if (!have.contains(id)) {
                    chain = chain.chain(() -> memory.getBlock(actor, id).replaceWithVoid());
                }
            }
            for (var b : current) {
                if (!wanted.contains(b.id())) {
                    chain = chain.chain(() -> memory.detach(actor, "detach-" + UUID.randomUUID(), a.id, b.id()).replaceWithVoid());
                }
            }
            for (String id : blockIds) {
                if (!have.contains(id)) {
                    chain = chain.chain(() -> memory.attach(actor, "attach-" + UUID.randomUUID(), a.id, id).replaceWithVoid());
                }
            }
            return chain;
        });
    }

    /** Sets the window to these (stored) messages; memory-service checks they exist. */
    private Uni<Void> setWindow(Actor actor, Agent a, List<String> messageIds) {
        for (int i = 0; i < messageIds.size(); i++) {
            Ids.require("message", "message_ids[" + i + "]", messageIds.get(i));
        }
        MemoryRecords.CommitStep step = new MemoryRecords.CommitStep("window-" + UUID.randomUUID(), null, List.of(), List.of(),
                messageIds, null, null);
        return windows.commit(actor, a.id, step).replaceWithVoid();
    }
}
