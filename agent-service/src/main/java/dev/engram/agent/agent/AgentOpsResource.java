package dev.engram.agent.agent;

import dev.engram.agent.loop.WindowChanges;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.llm.LlmMessage;
import dev.engram.agent.llm.ToolSpec;
import dev.engram.agent.loop.MemoryPrompt;
import dev.engram.agent.loop.ToolRules;
import dev.engram.agent.loop.Recompiler;
import dev.engram.agent.loop.TokenCounter;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.tool.AgentTool;
import dev.engram.agent.tool.ToolRepository;
import dev.engram.agent.tool.ToolView;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Cursors;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The agent's tools, its window (reset, recompile) and the context-window overview. */
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "agents")
public class AgentOpsResource {

    private final AgentService agents;
    private final AgentViews views;
    private final ToolRepository tools;
    private final MemoryClient memory;
    private final Recompiler recompiler;
    private final WindowChanges windows;
    private final ToolRunService toolRuns;
    private final WindowReset reset;

    public AgentOpsResource(AgentService agents, AgentViews views, ToolRepository tools, MemoryClient memory, Recompiler recompiler,
                            WindowChanges windows, ToolRunService toolRuns, WindowReset reset) {
        this.reset = reset;
        this.windows = windows;
        this.toolRuns = toolRuns;
        this.agents = agents;
        this.views = views;
        this.tools = tools;
        this.memory = memory;
        this.recompiler = recompiler;
    }

    @GET
    @Path("/{agent_id}/tools")
    @Operation(summary = "The agent's tools, most recently attached first unless order=asc, with cursors")
    public Uni<List<ToolView>> tools(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, @RestQuery String before,
                                     @RestQuery String after, @RestQuery @DefaultValue("10") int limit,
                                     @RestQuery @DefaultValue("desc") String order,
                                     @RestQuery("order_by") String orderBy) {
        Requests.orderBy(orderBy, "created_at");
        Actor actor = Actor.of(headers);
        boolean ascending = "asc".equals(Requests.order(order));
        return agents.require(actor, AgentResource.agent(agentId))
                .chain(a -> Panache.withSession(() -> tools.ofAgent(a.id)))
                .map(l -> Cursors.page(l.stream().map(ToolView::of).toList(), ToolView::id, before, after, limit, ascending, "tool"));
    }

    @PATCH
    @Path("/{agent_id}/tools/attach/{tool_id}")
    @Operation(summary = "Attach a tool")
    public Uni<AgentState> attachTool(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, @RestPath("tool_id") String toolId) {
        Actor actor = Actor.of(headers);
        String tool = Ids.require("tool", "tool_id", toolId);
        return agents.require(actor, AgentResource.agent(agentId)).call(a -> Panache.withTransaction(() -> tools.findInOrg(actor.organizationId(), tool)
                        .onItem().ifNull().failWith(() -> ApiException.notFound("Tool with id " + tool + " not found"))
                        .chain(t -> AgentTool.<AgentTool>find("agentId = ?1 and toolId = ?2", a.id, tool).firstResult()
                                .chain(existing -> existing != null ? Uni.createFrom().voidItem()
                                        : AgentTool.of(a.id, tool).persist().replaceWithVoid())
                                // a tool that asks for approval by default gets its rule as it is attached, as in Letta
                                .chain(() -> !Boolean.TRUE.equals(t.defaultRequiresApproval) ? Uni.createFrom().voidItem()
                                        : setRules(a.id, ToolRules.withApproval(a.toolRules, t.name, true))))))
                .chain(a -> agents.require(actor, a.id)).chain(a -> views.state(actor, a, Includes.of(headers, List.of())));
    }

    /** Letta's ModifyApprovalRequest. */
    public record ModifyApproval(Boolean requiresApproval) {
    }

    @PATCH
    @Path("/{agent_id}/tools/approval/{tool_name}")
    @Operation(summary = "Require (or stop requiring) approval before the agent's calls of a tool run")
    public Uni<Response> approval(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, @RestPath("tool_name") String toolName,
                                  @RestQuery("requires_approval") Boolean query, ModifyApproval body) {
        Boolean required = body != null && body.requiresApproval() != null ? body.requiresApproval() : query;
        if (required == null) {
            throw ApiException.unprocessable("requires_approval must be provided either in request body or as query parameter");
        }
        Actor actor = Actor.of(headers);
        return agents.require(actor, AgentResource.agent(agentId))
                .call(a -> setRules(a.id, ToolRules.withApproval(a.toolRules, toolName, required)))
                .chain(a -> agents.require(actor, a.id))
                // 1.x SDKs get null, older clients the agent (Letta's answer)
                .chain(a -> Includes.isModernSdk(headers) ? Uni.createFrom().item(Response.ok("null", MediaType.APPLICATION_JSON).build())
                        : views.state(actor, a, Includes.of(headers, List.of())).map(st -> Response.ok(st, MediaType.APPLICATION_JSON).build()));
    }

    private Uni<Void> setRules(String agentId, com.fasterxml.jackson.databind.JsonNode rules) {
        return Panache.withTransaction(() -> Agent.<Agent>findById(agentId).invoke(a -> {
            a.toolRules = rules;
            a.updatedAt = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        })).replaceWithVoid();
    }

    @PATCH
    @Path("/{agent_id}/tools/detach/{tool_id}")
    @Operation(summary = "Detach a tool")
    public Uni<AgentState> detachTool(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, @RestPath("tool_id") String toolId) {
        Actor actor = Actor.of(headers);
        String tool = Ids.require("tool", "tool_id", toolId);
        return agents.require(actor, AgentResource.agent(agentId))
                // another organization's tool is unknown here, as in attach
                .call(a -> Panache.withSession(() -> tools.findInOrg(actor.organizationId(), tool))
                        .onItem().ifNull().failWith(() -> ApiException.notFound("Tool with id " + tool + " not found")))
                .call(a -> Panache.withTransaction(() -> AgentTool.delete("agentId = ?1 and toolId = ?2", a.id, tool)))
                .chain(a -> views.state(actor, a, Includes.of(headers, List.of())));
    }

    @POST
    @Path("/{agent_id}/tools/{tool_name}/run")
    @Operation(summary = "Run one of the agent's tools with the given args; memory tools really edit memory, no message, step "
            + "or run is created; a tool failure is status error with the error in stderr")
    public Uni<ToolExecutionResult> runTool(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                            @RestPath("tool_name") String toolName, JsonNode body) {
        String id = AgentResource.agent(agentId);
        return toolRuns.run(Actor.of(headers), id, toolName, ToolExecuteRequest.of(body), Requests.idempotencyKey(headers));
    }

    /**
     * Not in Letta's v1 contract, but letta-code asks for it on every start (and may fail on a 404): the agent's
     * secrets, the variables its custom tools see.
     */
    @GET
    @Path("/{agent_id}/secrets")
    @Operation(summary = "The agent's secrets as {key, value} (an extension for letta-code)")
    public Uni<List<AgentSecret>> secrets(@Context HttpHeaders headers, @RestPath("agent_id") String agentId) {
        return agents.require(Actor.of(headers), AgentResource.agent(agentId))
                .map(a -> a.environment().entrySet().stream().map(e -> new AgentSecret(e.getKey(), e.getValue())).toList());
    }

    /** One secret of an agent, as letta-code reads it. */
    public record AgentSecret(String key, String value) {
    }

    /** Letta's reset-messages body. */
    public record ResetMessages(Boolean addDefaultInitialMessages) {
    }

    @PATCH
    @Path("/{agent_id}/reset-messages")
    @Operation(summary = "Clear the window down to the system message (history stays in recall memory)")
    public Uni<AgentState> reset(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, ResetMessages body) {
        Actor actor = Actor.of(headers);
        return agents.require(actor, AgentResource.agent(agentId)).call(a -> reset.reset(actor, a))
                .chain(a -> views.state(actor, a, Includes.of(headers, List.of())));
    }

    @POST
    @Path("/{agent_id}/recompile")
    @Operation(summary = "Recompile the system prompt from the agent's template and memory; answers it")
    public Uni<String> recompile(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                 @RestQuery("dry_run") boolean dryRun, @RestQuery("update_timestamp") boolean updateTimestamp) {
        Actor actor = Actor.of(headers);
        return agents.require(actor, AgentResource.agent(agentId)).chain(a -> recompiler.recompile(actor, a, true, dryRun))
                .map(prompt -> JsonNodeFactory.instance.textNode(prompt).toString());
    }

    @POST
    @Path("/{agent_id}/system-prompt/recompile")
    @Operation(summary = "Letta's deprecated name of POST /v1/agents/{agent_id}/recompile")
    public Uni<String> recompileSystemPrompt(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                                             @RestQuery("dry_run") boolean dryRun, @RestQuery("update_timestamp") boolean updateTimestamp) {
        return recompile(headers, agentId, dryRun, updateTimestamp);
    }

    @GET
    @Path("/{agent_id}/context")
    @Operation(summary = "The context window, section by section, with token counts")
    public Uni<ObjectNode> context(@Context HttpHeaders headers, @RestPath("agent_id") String agentId) {
        Actor actor = Actor.of(headers);
        return agents.require(actor, AgentResource.agent(agentId)).chain(a -> memory.context(actor, a.id)
                .chain(ctx -> Panache.withSession(() -> tools.ofAgent(a.id)).map(toolList -> overview(a, ctx, toolList))));
    }

    static ObjectNode overview(Agent a, MemoryRecords.ContextView ctx, List<dev.engram.agent.tool.ToolEntity> toolList) {
        String system = ctx.messages().isEmpty() ? "" : Recompiler.text(ctx.messages().getFirst().content());
        boolean lineNumbers = a.llmConfig != null && MemoryPrompt.lineNumbered(a.agentType, a.llmConfig.path("model_endpoint_type").asText(null));
        String core = blocksSection(system, ctx, lineNumbers);
        int metaStart = system.indexOf("<memory_metadata>");
        String external = metaStart < 0 ? "" : system.substring(metaStart);
        int rulesStart = system.indexOf("<tool_usage_rules>");
        int rulesEnd = system.indexOf("</tool_usage_rules>");
        String rules = rulesStart >= 0 && rulesEnd > rulesStart ? system.substring(rulesStart, rulesEnd + "</tool_usage_rules>".length()) : "";
        List<LlmMessage> messages = new ArrayList<>();
        for (MemoryRecords.MessageData m : ctx.messages().subList(Math.min(1, ctx.messages().size()), ctx.messages().size())) {
            messages.add(new LlmMessage.User(Recompiler.text(m.content())));
        }
        List<ToolSpec> specs = toolList.stream().map(t -> new ToolSpec(t.name, t.jsonSchema.path("description").asText(),
                t.jsonSchema.path("parameters"))).toList();
        int systemTokens = TokenCounter.count(system);
        int coreTokens = TokenCounter.count(core);
        int externalTokens = TokenCounter.count(external);
        int rulesTokens = rules.isEmpty() ? 0 : TokenCounter.count(rules);
        int messageTokens = messages.isEmpty() ? 0 : TokenCounter.count(messages, List.of()) - 3;
        int toolTokens = specs.isEmpty() ? 0 : TokenCounter.count(List.of(), specs) - 3;
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("context_window_size_max", a.llmConfig == null ? 128_000 : a.llmConfig.path("context_window").asInt(128_000));
        o.put("context_window_size_current", systemTokens + messageTokens + toolTokens);
        o.put("num_messages", ctx.messages().size());
        o.put("num_archival_memory", ctx.archivalCount());
        o.put("num_recall_memory", ctx.recallCount());
        o.put("num_tokens_external_memory_summary", externalTokens);
        o.put("external_memory_summary", external);
        o.put("num_tokens_system", systemTokens - coreTokens - externalTokens - rulesTokens);
        o.put("system_prompt", system);
        o.put("num_tokens_core_memory", coreTokens);
        o.put("core_memory", core);
        o.put("num_tokens_tool_usage_rules", rulesTokens);
        if (rules.isEmpty()) {
            o.putNull("tool_usage_rules");
        } else {
            o.put("tool_usage_rules", rules);
        }
        o.put("num_tokens_summary_memory", 0);
        o.putNull("summary_memory");
        o.put("num_tokens_functions_definitions", toolTokens);
        ArrayNode functions = o.putArray("functions_definitions");
        for (ToolSpec s : specs) {
            ObjectNode f = functions.addObject().put("type", "function");
            f.putObject("function").put("name", s.name()).put("description", s.description()).set("parameters", s.parameters());
        }
        o.put("num_tokens_messages", messageTokens);
        ArrayNode list = o.putArray("messages");
        ctx.messages().forEach(m -> list.add(dev.engram.agent.json.JsonText.MAPPER.valueToTree(m)));
        return o;
    }

    private static String blocksSection(String system, MemoryRecords.ContextView ctx, boolean lineNumbers) {
        int start = system.indexOf("<memory_blocks>");
        int end = system.indexOf("</memory_blocks>");
        if (start >= 0 && end > start) {
            return system.substring(start, end + "</memory_blocks>".length());
        }
        return MemoryPrompt.compile("", ctx.blocks(), lineNumbers, new MemoryPrompt.Metadata("", Instant.now(), null, 0, 0, List.of()));
    }
}
