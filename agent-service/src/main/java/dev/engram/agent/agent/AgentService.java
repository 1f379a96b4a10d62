package dev.engram.agent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.block.CreateBlock;
import dev.engram.agent.loop.InitialMessages;
import dev.engram.agent.loop.MemoryPrompt;
import dev.engram.agent.loop.ToolRules;
import dev.engram.agent.loop.SystemPrompts;
import dev.engram.agent.memory.Block;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.tool.AgentTool;
import dev.engram.agent.tool.ToolEntity;
import dev.engram.agent.tool.ToolRegistry;
import dev.engram.agent.tool.ToolRepository;
import dev.engram.agent.tool.ToolService;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Agents: create (memory first, in one memory-service transaction, then the agent row), read, list, update, delete.
 * Nothing is left half-written: a failure after memory-service committed removes that memory again.
 */
@ApplicationScoped
public class AgentService {

    private static final Logger LOG = Logger.getLogger(AgentService.class);
    private static final Pattern NAME = Pattern.compile("^[\\w '\\-]+$");
    private static final Set<String> TYPES = Set.of("letta_v1_agent", "memgpt_v2_agent", "memgpt_agent", "react_agent",
            "workflow_agent", "sleeptime_agent");
    static final String DEFAULT_PERSONA = "The persona block: Stores details about your current persona, guiding how you "
            + "behave and respond. This helps you to maintain consistency and personality in your interactions.";
    static final String DEFAULT_HUMAN = "The human block: Stores key details about the person you are conversing with, "
            + "allowing for more personalized and friend-like conversation.";

    private final AgentRepository agents;
    private final ToolRepository toolRows;
    private final ToolService tools;
    private final MemoryClient memory;
    private final ModelConfigs models;
    private final AgentViews views;
    private final Optional<String> defaultModel;
    private final Optional<String> defaultEmbedding;
    private final io.vertx.mutiny.sqlclient.Pool pool;

    public AgentService(AgentRepository agents, ToolRepository toolRows, ToolService tools, MemoryClient memory, ModelConfigs models,
                        AgentViews views, io.vertx.mutiny.sqlclient.Pool pool,
                        @ConfigProperty(name = "engram.default-llm-handle") Optional<String> defaultModel,
                        @ConfigProperty(name = "engram.default-embedding-handle") Optional<String> defaultEmbedding) {
        this.agents = agents;
        this.toolRows = toolRows;
        this.tools = tools;
        this.memory = memory;
        this.models = models;
        this.views = views;
        this.pool = pool;
        this.defaultModel = defaultModel.filter(s -> !s.isBlank());
        this.defaultEmbedding = defaultEmbedding.filter(s -> !s.isBlank());
    }

    public Uni<AgentState> create(Actor actor, String key, CreateAgent r, Includes includes) {
        return create(actor, key, r, (History) null).chain(saved -> views.state(actor, saved, includes));
    }

    /**
     * A stored message history and in-context window for a new agent, in place of the compiled first window (an
     * imported agent's). {@code messages} come without an agent id (set here); {@code inContextMessageIds} name some of them.
     */
    public record History(List<MemoryRecords.MessageData> messages, List<String> inContextMessageIds) {
    }

    /** Creates the agent (memory, then the row, as {@link #create(Actor, String, CreateAgent, Includes)}), with {@code history} as its window when given. */
    public Uni<Agent> create(Actor actor, String key, CreateAgent r, History history) {
        NotSupportedYet.check(r);
        Agent a = newAgent(actor, r);
        List<CreateBlock> blocks = withDefaultDescriptions(r.memoryBlocks());
        List<String> shared = r.blockIds() == null ? List.of() : r.blockIds();
        for (int i = 0; i < shared.size(); i++) {
            Ids.require("block", "block_ids[" + i + "]", shared.get(i));
        }
        boolean baseTools = r.includeBaseTools() == null || r.includeBaseTools();
        List<String> defaults = new ArrayList<>(baseTools ? ToolRegistry.defaultsFor(a.agentType) : List.of());
        if (Boolean.TRUE.equals(r.includeMultiAgentTools())) {
            defaults.addAll(ToolRegistry.MULTI_AGENT_TOOLS);
        }
        return tools.resolve(actor, r.tools() == null ? List.of() : r.tools(), r.toolIds() == null ? List.of() : r.toolIds(), defaults)
                .chain(toolList -> sharedBlocks(actor, shared).chain(sharedList -> {
                    List<Block> all = new ArrayList<>();
                    blocks.forEach(b -> all.add(preview(b)));
                    all.addAll(sharedList);
                    Instant now = Instant.now();
                    a.toolRules = rules(a, r, toolList);
                    String compiled = MemoryPrompt.compile(a.system, all, lineNumbered(a), ToolRules.of(a.toolRules).render(),
                            new MemoryPrompt.Metadata(a.id, now, a.timezone, 0, 0, List.of()));
                    MemoryRecords.CommitStep first = history == null
                            ? InitialMessages.firstWindow(a, compiled, r.initialMessageSequence(), now)
                            : new MemoryRecords.CommitStep("step-" + UUID.randomUUID(), null, history.messages().stream()
                            .map(m -> withAgent(m, a.id)).toList(), List.of(), history.inContextMessageIds(), 0L, null);
                    MemoryRecords.InitAgent init = new MemoryRecords.InitAgent(new ArrayList<>(blocks), shared, first);
                    return memory.initAgent(actor, key == null ? "create-" + a.id : key + ":" + a.id, a.id, init)
                            .chain(created -> persist(a, toolList)
                                    .onFailure().call(e -> memory.deleteAgent(actor, a.id)
                                            .onFailure().invoke(x -> LOG.errorf("could not undo the memory of agent %s: %s", a.id, x))
                                            .onFailure().recoverWithNull()));
                }));
    }

    private static MemoryRecords.MessageData withAgent(MemoryRecords.MessageData m, String agentId) {
        return new MemoryRecords.MessageData(m.id(), agentId, m.role(), m.content(), m.name(), m.toolCalls(), m.toolCallId(),
                m.toolReturns(), m.approvals(), m.model(), m.otid(), m.senderId(), m.groupId(), m.stepId(), m.runId(), m.isErr(),
                m.createdAt(), null, null);
    }

    /**
     * The agent's rules as Letta sets them at creation: the given ones; the base rules (the tools that end a turn are
     * terminal, the other built-in tools continue it) unless {@code include_base_tool_rules} says no, and by default
     * not for a letta_v1_agent given no rules; and requires_approval for each tool that asks for it by default.
     */
    private static com.fasterxml.jackson.databind.node.ArrayNode rules(Agent a, CreateAgent r, List<ToolEntity> toolList) {
        var rules = ToolRules.validate(r.toolRules());
        boolean base = r.includeBaseToolRules() != null ? r.includeBaseToolRules()
                : !("letta_v1_agent".equals(a.agentType) && rules.isEmpty());
        if (base) {
            rules.addAll(ToolRules.base(toolList.stream().filter(t -> !"custom".equals(t.toolType)).map(t -> t.name).toList()));
        }
        for (ToolEntity t : toolList) {
            if (Boolean.TRUE.equals(t.defaultRequiresApproval)) {
                rules = ToolRules.withApproval(rules, t.name, true);
            }
        }
        return rules;
    }

    private Uni<Agent> persist(Agent a, List<ToolEntity> toolList) {
        return Panache.withTransaction(() -> agents.persist(a)
                .call(() -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (ToolEntity t : toolList) {
                        chain = chain.chain(() -> AgentTool.of(a.id, t.id).persist().replaceWithVoid());
                    }
                    return chain;
                }));
    }

    private Uni<List<Block>> sharedBlocks(Actor actor, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(ids.stream().map(id -> memory.getBlock(actor, id)).toList()).andFailFast();
    }

    /** A block as it will be stored, for compiling the first system prompt before memory-service has it. */
    private static Block preview(CreateBlock b) {
        return new Block(null, b.label(), b.value().replace("\u0000", ""), b.limit() == null ? 100_000 : b.limit(), b.description(),
                Boolean.TRUE.equals(b.readOnly()), null, b.tags(), b.hidden(), null, false, null, null, null, null, null, null, null,
                1, null, null, null, null);
    }

    /** Letta gives persona and human blocks a standard description when they come without one. */
    static List<CreateBlock> withDefaultDescriptions(List<CreateBlock> blocks) {
        if (blocks == null) {
            return List.of();
        }
        List<CreateBlock> out = new ArrayList<>();
        for (CreateBlock b : blocks) {
            String description = b.description();
            if (description == null && "persona".equals(b.label())) {
                description = DEFAULT_PERSONA;
            } else if (description == null && "human".equals(b.label())) {
                description = DEFAULT_HUMAN;
            }
            out.add(new CreateBlock(b.label(), b.value(), b.limit(), b.projectId(), b.templateName(), b.isTemplate(), b.templateId(),
                    b.baseTemplateId(), b.deploymentId(), b.entityId(), b.preserveOnMigration(), b.readOnly(), description, b.metadata(),
                    b.hidden(), b.tags()));
        }
        return out;
    }

    private Agent newAgent(Actor actor, CreateAgent r) {
        Agent a = new Agent();
        a.id = "agent-" + UUID.randomUUID();
        a.organizationId = actor.organizationId();
        a.name = r.name() == null ? Names.random() : r.name();
        if (!NAME.matcher(a.name).matches()) {
            throw ApiException.unprocessable("name: String should match pattern '^[\\w '\\-]+$'");
        }
        a.agentType = r.agentType() == null ? "letta_v1_agent" : r.agentType();
        if (!TYPES.contains(a.agentType)) {
            throw ApiException.unprocessable("agent_type: Input should be one of " + new java.util.TreeSet<>(TYPES));
        }
        a.system = r.system() == null ? SystemPrompts.defaultFor(a.agentType) : r.system();
        a.description = r.description();
        a.metadata = r.metadata();
        a.tags = r.tags() == null ? new ArrayList<>() : new ArrayList<>(r.tags());
        a.model = modelHandle(r);
        a.contextWindowLimit = r.contextWindowLimit();
        a.llmConfig = models.llmConfig(a.organizationId, a.model, r.contextWindowLimit(), r.maxTokens(), r.llmConfig());
        a.embedding = r.embedding() != null ? r.embedding() : r.embeddingConfig() != null && r.embeddingConfig().hasNonNull("handle")
                ? r.embeddingConfig().get("handle").asText() : defaultEmbedding.orElse(null);
        a.embeddingConfig = a.embedding == null ? null : models.embeddingConfig(a.embedding);
        a.modelSettings = r.modelSettings();
        a.compactionSettings = r.compactionSettings();
        a.toolRules = ToolRules.validate(r.toolRules());
        a.responseFormat = r.responseFormat();
        a.secrets = AgentSecrets.validated(r.secrets() != null ? r.secrets() : r.toolExecEnvironmentVariables(),
                r.secrets() != null ? "secrets" : "tool_exec_environment_variables");
        a.timezone = timezone(r.timezone());
        a.messageBufferAutoclear = Boolean.TRUE.equals(r.messageBufferAutoclear());
        a.enableSleeptime = r.enableSleeptime();
        a.hidden = r.hidden();
        a.projectId = r.projectId();
        a.templateId = r.templateId();
        a.baseTemplateId = r.baseTemplateId();
        a.maxFilesOpen = r.maxFilesOpen();
        a.perFileViewWindowCharLimit = r.perFileViewWindowCharLimit();
        a.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        a.updatedAt = a.createdAt;
        a.createdById = actor.userId();
        a.lastUpdatedById = actor.userId();
        return a;
    }

    private String modelHandle(CreateAgent r) {
        if (r.model() != null) {
            return r.model();
        }
        if (r.llmConfig() != null && r.llmConfig().hasNonNull("handle")) {
            return r.llmConfig().get("handle").asText();
        }
        if (r.llmConfig() != null && r.llmConfig().hasNonNull("model") && r.llmConfig().hasNonNull("model_endpoint_type")) {
            return r.llmConfig().get("model_endpoint_type").asText() + "/" + r.llmConfig().get("model").asText();
        }
        return defaultModel.orElseThrow(() -> ApiException.badRequest("Must specify either model or llm_config"));
    }

    static String timezone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return "UTC";
        }
        try {
            return ZoneId.of(timezone).getId();
        } catch (Exception e) {
            throw ApiException.unprocessable("timezone: unknown timezone '" + timezone + "'");
        }
    }

    static boolean lineNumbered(Agent a) {
        JsonNode endpoint = a.llmConfig == null ? null : a.llmConfig.get("model_endpoint_type");
        return MemoryPrompt.lineNumbered(a.agentType, endpoint == null ? null : endpoint.asText());
    }

    // --- read

    /** An agent with its tools in attachment order, as a run uses them. */
    public record Loaded(Agent agent, List<dev.engram.agent.tool.ToolEntity> tools) {
    }

    /**
     * The agent and its tools for a run: two plain SQL reads sent together on one connection, no ORM session (this is
     * on every message's path). 404 when the agent is missing or another organization's. The entities are detached.
     */
    public Uni<Loaded> forRun(Actor actor, String id) {
        return pool.withConnection(conn -> Uni.combine().all()
                        .unis(agents.loadInOrg(conn, actor.organizationId(), id), toolRows.attachedTo(conn, id)).asTuple())
                .map(t -> {
                    if (t.getItem1() == null) {
                        throw ApiException.notFound("Agent not found");
                    }
                    return new Loaded(t.getItem1(), t.getItem2());
                });
    }

    public Uni<Agent> require(Actor actor, String id) {
        return Panache.withSession(() -> agents.findInOrg(actor.organizationId(), id))
                .onItem().ifNull().failWith(() -> ApiException.notFound("Agent not found"));
    }

    public Uni<AgentState> get(Actor actor, String id, Includes includes) {
        return require(actor, id).chain(a -> views.state(actor, a, includes));
    }

    public Uni<List<AgentState>> list(Actor actor, AgentRepository.Filter filter, String after, String before, int limit,
                                      boolean ascending, String orderBy, Includes includes) {
        return Panache.withSession(() -> agents.page(actor.organizationId(), filter, after, before, limit, ascending, orderBy))
                .chain(list -> views.states(actor, list, includes));
    }

    /** The agents a block is attached to, with Letta's cursors over them. */
    public Uni<List<AgentState>> ofBlock(Actor actor, String blockId, String before, String after, int limit, boolean ascending,
                                         Includes includes) {
        return memory.getBlock(actor, blockId).chain(b -> memory.agentsOfBlock(actor, b.id()))
                .chain(ids -> Panache.withSession(() -> agents.byIds(actor.organizationId(), ids)))
                .map(list -> dev.engram.agent.web.Cursors.page(list, a -> a.id, before, after, limit, ascending, "agent"))
                .chain(page -> views.states(actor, page, includes));
    }

    /** These agents of the organization (ids of others are left out), with Letta's cursors over them. */
    public Uni<List<AgentState>> page(Actor actor, java.util.Collection<String> ids, String before, String after, int limit,
                                      boolean ascending, Includes includes) {
        return Panache.withSession(() -> agents.byIds(actor.organizationId(), ids))
                .map(list -> dev.engram.agent.web.Cursors.page(list, a -> a.id, before, after, limit, ascending, "agent"))
                .chain(page -> views.states(actor, page, includes));
    }

    public Uni<Long> count(Actor actor, AgentRepository.Filter filter) {
        return Panache.withSession(() -> agents.count(actor.organizationId(), filter));
    }

    // --- delete

    /** Removes the agent's memory first (the agent stays if that fails, so the call can be retried), then the agent. */
    public Uni<Void> delete(Actor actor, String id) {
        return require(actor, id)
                .call(a -> memory.deleteAgent(actor, a.id))
                .call(a -> Panache.withTransaction(() -> toolRows.detachAll(a.id)
                        // the provider traces hold what the agent said and was told: they go with it
                        .chain(() -> Panache.getSession().chain(s -> s.createNativeQuery("DELETE FROM agent.provider_traces WHERE agent_id = ?1")
                                .setParameter(1, a.id).executeUpdate()))
                        .chain(() -> agents.delete("id", a.id))))
                .replaceWithVoid();
    }
}
