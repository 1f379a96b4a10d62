package dev.engram.agent.loop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.agent.Agent;
import dev.engram.agent.memory.MemoryRecords.MessageData;
import dev.engram.agent.message.LettaRequest;
import dev.engram.agent.tool.ToolEntity;
import dev.engram.agent.web.Actor;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What one run knows between its steps. Confined to the run's own chain of steps. */
final class LoopState {

    final Actor actor;
    final Agent agent;
    final LettaRequest request;
    final String runId;
    final String modelHandle;
    final List<ToolEntity> tools;
    /** The conversation the run belongs to; null for the agent's own thread. */
    final String conversationId;
    /** The LLM configuration the run calls with: the agent's, or that of the model the request or conversation chose. */
    final com.fasterxml.jackson.databind.JsonNode llmConfig;

    /** The committed window, system message first. */
    List<MessageData> window = new ArrayList<>();
    String systemId;
    String systemText;
    /**
     * The stored system message no longer shows the blocks as they are (another agent or thread changed a shared
     * block): the run's first commit rewrites it with {@link #systemText}, already compiled anew.
     */
    boolean staleSystem;
    long contextVersion;
    long recallCount;
    long archivalCount;
    List<String> archivalTags = List.of();
    /** Input messages not yet committed (they go with the first step). */
    List<MessageData> pendingInputs = new ArrayList<>();
    /** Messages the response does not echo: the input and heartbeats. */
    final Set<String> hidden = new HashSet<>();
    final List<ObjectNode> responseMessages = new ArrayList<>();

    /** The agent's tool rules, and the request's client-side tools (offered to the model, run by the client). */
    final ToolRules rules;
    final List<dev.engram.agent.llm.ToolSpec> clientTools;
    /** The tools called so far in this turn (across pauses for approval), oldest first, as the rules see them. */
    final List<String> turnTools = new ArrayList<>();
    /** What the last tool answered (its message), which conditional rules read. */
    String lastToolOutput;
    /** The agents whose tool calls started this run, outermost first; empty for a run a client started. */
    List<String> callers = List.of();
    /** The multi-agent group the run speaks in (its input names it): every message it writes carries it; else null. */
    String groupId;

    int steps;
    int promptTokens;
    int completionTokens;
    int totalTokens;
    Integer cachedInputTokens;
    Integer reasoningTokens;
    int contextTokens;
    /** The provider's prompt size of the last step, the best estimate of the window's size. */
    int lastPromptTokens;
    String stopReason;
    /** The times of the step under way (a new clock at the start of each). */
    StepClock clock = new StepClock();
    RunObserver observer = RunObserver.NONE;
    /**
     * Bookkeeping writes under way (the mark as running, step records once their step is committed): they go out
     * without holding the steps up, and the run waits for them as it closes.
     */
    private final List<Uni<Void>> records = new ArrayList<>();

    LoopState(Actor actor, Agent agent, LettaRequest request, String runId, String modelHandle, List<ToolEntity> tools) {
        this(actor, agent, null, request, runId, modelHandle, agent.llmConfig, tools);
    }

    LoopState(Actor actor, Agent agent, String conversationId, LettaRequest request, String runId, String modelHandle,
              com.fasterxml.jackson.databind.JsonNode llmConfig, List<ToolEntity> tools) {
        this.conversationId = conversationId;
        this.llmConfig = llmConfig;
        this.actor = actor;
        this.agent = agent;
        this.request = request;
        this.runId = runId;
        this.modelHandle = modelHandle;
        this.tools = tools;
        this.rules = ToolRules.of(agent.toolRules);
        this.clientTools = ClientTools.of(request.clientTools());
    }

    /** Starts a bookkeeping write (if not started yet) without waiting for it; {@link #recorded} waits. */
    void recording(Uni<Void> write) {
        Uni<Void> started = write.memoize().indefinitely();
        started.subscribe().with(v -> { }, e -> { }); // the outcome, failure included, reaches recorded()
        records.add(started);
    }

    /** Completes when every bookkeeping write started so far is done; fails when one could not be. */
    Uni<Void> recorded() {
        return records.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(List.copyOf(records)).andCollectFailures().replaceWithVoid();
    }

    /**
     * The system prompt of this request's LLM calls: the request's {@code override_system} as given, else the stored
     * system message with the request's client skills listed after it (never stored: they belong to this request).
     */
    String requestSystem() {
        if (request.overrideSystem() != null) {
            return request.overrideSystem();
        }
        String skills = ClientTools.skills(request.clientSkills());
        return skills.isEmpty() ? systemText : systemText.stripTrailing() + "\n\n" + skills;
    }

    boolean memgpt() {
        return "memgpt_agent".equals(agent.agentType) || "memgpt_v2_agent".equals(agent.agentType);
    }

    void addUsage(dev.engram.agent.llm.LlmUsage usage) {
        if (usage == null) {
            return;
        }
        promptTokens += usage.promptTokens();
        completionTokens += usage.completionTokens();
        totalTokens += usage.totalTokens();
        if (usage.cachedInputTokens() != null) {
            cachedInputTokens = (cachedInputTokens == null ? 0 : cachedInputTokens) + usage.cachedInputTokens();
        }
        if (usage.reasoningTokens() != null) {
            reasoningTokens = (reasoningTokens == null ? 0 : reasoningTokens) + usage.reasoningTokens();
        }
        lastPromptTokens = usage.promptTokens();
    }

    List<String> windowIds() {
        return window.stream().map(MessageData::id).toList();
    }
}
