package dev.engram.agent.loop;

import dev.engram.agent.agent.Agent;
import dev.engram.agent.agent.AgentService;
import dev.engram.agent.agent.MessageCreate;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.llm.LlmException;
import dev.engram.agent.llm.LlmProviders;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords.MessageData;
import dev.engram.agent.message.LettaRequest;
import dev.engram.agent.message.LettaResponse;
import dev.engram.agent.run.AgentQueue;
import dev.engram.agent.run.Run;
import dev.engram.agent.run.RunService;
import dev.engram.agent.tool.ToolRepository;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The agent loop: one run of an agent for one request. Takes the agent's turn (one run at a time per agent, across
 * replicas), loads its window, runs steps until the model is done (or a limit or an error stops it), then answers
 * Letta's LettaResponse and closes the run.
 */
@ApplicationScoped
public class AgentLoop {

    private static final Logger LOG = Logger.getLogger(AgentLoop.class);
    private static final Set<String> INPUT_ROLES = Set.of("user", "system", "assistant");

    private final AgentService agents;
    private final ToolRepository tools;
    private final MemoryClient memory;
    private final LlmProviders providers;
    private final StepRunner steps;
    private final Compactor compactor;
    private final RunService runs;
    private final AgentQueue queue;

    public AgentLoop(AgentService agents, ToolRepository tools, MemoryClient memory, LlmProviders providers, StepRunner steps,
                     Compactor compactor, RunService runs, AgentQueue queue) {
        this.agents = agents;
        this.tools = tools;
        this.memory = memory;
        this.providers = providers;
        this.steps = steps;
        this.compactor = compactor;
        this.runs = runs;
        this.queue = queue;
    }

    public Uni<LettaResponse> send(Actor actor, String agentId, LettaRequest request, String idempotencyKey) {
        List<MessageCreate> input = inputMessages(request);
        if (request.steps() < 1) {
            throw ApiException.unprocessable("max_steps: Input should be greater than 0");
        }
        return agents.require(actor, agentId).chain(agent -> {
            String handle = request.overrideModel() != null ? request.overrideModel() : agent.model;
            providers.client(handle); // an unusable handle is a 400 before anything starts
            return Panache.withSession(() -> tools.ofAgent(agent.id))
                    .chain(toolList -> runs.start(actor, agent, JsonText.MAPPER.valueToTree(request), idempotencyKey)
                            .chain(run -> withTurn(agent, run, () -> {
                                LoopState s = new LoopState(actor, agent, request, run.id, handle, toolList);
                                return load(s, input).chain(() -> loop(s, 1)).map(v -> response(s));
                            })));
        });
    }

    /** Runs {@code work} holding the agent's turn; the run is closed whatever happens. */
    private Uni<LettaResponse> withTurn(Agent agent, Run run, java.util.function.Supplier<Uni<? extends LettaResponse>> work) {
        return queue.acquire(agent.id, run.id)
                .onFailure().call(e -> runs.finish(run, "error", null))
                .chain(lease -> Uni.createFrom().deferred(work)
                        .call(r -> runs.finish(run, r.stopReason().stopReason(), JsonText.MAPPER.valueToTree(r)))
                        .onFailure().call(e -> runs.finish(run, stopReasonOf(e), null)
                                .onFailure().invoke(x -> LOG.warnf("could not close run %s: %s", run.id, x)).onFailure().recoverWithNull())
                        .eventually(() -> queue.release(lease)));
    }

    static String stopReasonOf(Throwable e) {
        if (e instanceof LlmException l && l.stopReason() != null) {
            return l.stopReason();
        }
        if (e instanceof Compactor.SystemPromptTooLarge) {
            return "context_window_overflow_in_system_prompt";
        }
        return "error";
    }

    private Uni<Void> load(LoopState s, List<MessageCreate> input) {
        return memory.context(s.actor, s.agent.id).invoke(ctx -> {
            List<MessageData> window = new ArrayList<>(ctx.messages());
            if (window.isEmpty() || !"system".equals(window.getFirst().role())) {
                throw new ApiException(500, "Agent " + s.agent.id + " has no system message");
            }
            s.systemId = window.getFirst().id();
            s.systemText = Recompiler.text(window.getFirst().content());
            s.window = s.agent.messageBufferAutoclear ? new ArrayList<>(List.of(window.getFirst())) : window;
            s.contextVersion = ctx.version();
            s.recallCount = ctx.recallCount();
            s.archivalCount = ctx.archivalCount();
            s.archivalTags = ctx.archivalTags();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            for (int i = 0; i < input.size(); i++) {
                MessageCreate m = input.get(i);
                MessageData data = new MessageData(InitialMessages.newId(), s.agent.id, m.role() == null ? "user" : m.role(),
                        InitialMessages.content(m.content(), "messages[" + i + "].content"), m.name(), null, null, null, null, null,
                        m.otid(), m.senderId(), m.groupId(), null, s.runId, null, now.plus(i, ChronoUnit.MICROS), null);
                s.pendingInputs.add(data);
                s.hidden.add(data.id());
            }
        }).replaceWithVoid();
    }

    private Uni<Void> loop(LoopState s, int step) {
        boolean last = step >= s.request.steps();
        return steps.step(s, last).chain(cont -> cont ? loop(s, step + 1) : Uni.createFrom().voidItem())
                .onFailure(LlmException.class).recoverWithUni(e -> s.responseMessages.isEmpty()
                        ? Uni.createFrom().failure(e) : Uni.createFrom().voidItem());
    }

    private static LettaResponse response(LoopState s) {
        LettaResponse.Usage usage = new LettaResponse.Usage("usage_statistics", s.completionTokens, s.promptTokens, s.totalTokens,
                s.steps, null, s.cachedInputTokens, null, s.reasoningTokens, s.contextTokens);
        return new LettaResponse(s.responseMessages, LettaResponse.StopReason.of(s.stopReason == null ? "end_turn" : s.stopReason),
                usage, null, null);
    }

    /** Validates {@code messages} / {@code input} as Letta does: exactly one, not empty. */
    static List<MessageCreate> inputMessages(LettaRequest r) {
        if (r.messages() != null && r.input() != null) {
            throw ApiException.unprocessable("messages: give either messages or input, not both");
        }
        if (r.input() != null) {
            return List.of(new MessageCreate("message", "user", r.input(), null, null, null, null, null));
        }
        if (r.messages() == null) {
            throw ApiException.unprocessable("messages: Field required (or input)");
        }
        if (r.messages().isEmpty()) {
            throw ApiException.unprocessable("messages: List should have at least 1 item after validation, not 0");
        }
        for (int i = 0; i < r.messages().size(); i++) {
            MessageCreate m = r.messages().get(i);
            if (m.type() != null && !"message".equals(m.type())) {
                throw ApiException.unprocessable("messages[" + i + "].type: only 'message' is supported here, got '" + m.type() + "'");
            }
            if (m.role() != null && !INPUT_ROLES.contains(m.role())) {
                throw ApiException.unprocessable("messages[" + i + "].role: Input should be 'user', 'system' or 'assistant'");
            }
            InitialMessages.content(m.content(), "messages[" + i + "].content");
        }
        return r.messages();
    }

    /** Compacts the agent's window now (POST /summarize), holding its turn like a run does. */
    public Uni<Compactor.Outcome> summarize(Actor actor, String agentId) {
        return agents.require(actor, agentId).chain(agent -> Panache.withSession(() -> tools.ofAgent(agent.id))
                .chain(toolList -> queue.acquire(agent.id, "summarize-" + agent.id).chain(lease -> {
                    LoopState s = new LoopState(actor, agent, new LettaRequest(List.of(), null, 1, null, null, null, null, null, null, null,
                            null, null, null, null, null, null), null, agent.model, toolList);
                    return load(s, List.of()).chain(() -> compactor.compact(s)).eventually(() -> queue.release(lease));
                })));
    }

}
