package dev.engram.agent.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.agent.Agent;
import dev.engram.agent.agent.AgentService;
import dev.engram.agent.agent.MessageCreate;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.llm.LlmException;
import dev.engram.agent.llm.LlmProviders;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.memory.MemoryRecords.MessageData;
import dev.engram.agent.message.LettaRequest;
import dev.engram.agent.message.LettaResponse;
import dev.engram.agent.run.AgentQueue;
import dev.engram.agent.run.Drain;
import dev.engram.agent.run.Run;
import dev.engram.agent.run.RunService;
import dev.engram.agent.tool.ToolEntity;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The agent loop: every message request is a durable run. A run takes its agent's turn (one run at a time per agent,
 * across replicas), loads the window, and runs steps until the model is done, a limit or an error stops it, or it is
 * cancelled. Runs execute detached from the HTTP request that started them: a client that goes away stops nothing,
 * and a run whose replica died is resumed by another (see {@link RunRecovery}).
 */
@ApplicationScoped
public class AgentLoop {

    private static final Logger LOG = Logger.getLogger(AgentLoop.class);
    private static final Set<String> INPUT_ROLES = Set.of("user", "system", "assistant");
    /** The run type of a run another agent's tool call started. */
    public static final String NESTED_RUN_TYPE = "agent_send_message_to_agent";
    /** Where a nested run keeps its chain of callers: in its metadata, stored with it and read back on recovery. */
    public static final String CALLERS = "caller_agent_ids";

    private final AgentService agents;
    private final MemoryClient memory;
    private final LlmProviders providers;
    private final StepRunner steps;
    private final Compactor compactor;
    private final RunService runs;
    private final AgentQueue queue;
    private final ResumedStreams streams;
    private final dev.engram.agent.agent.ModelConfigs models;
    private final dev.engram.agent.conversation.ConversationRepository conversations;
    private final dev.engram.agent.quota.Budget budget;
    private final Drain drain;
    /** Runs this replica is working on (from preparation to the end), never mistaken for orphans by recovery. */
    private final Set<String> local = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public AgentLoop(AgentService agents, MemoryClient memory, LlmProviders providers, StepRunner steps,
                     Compactor compactor, RunService runs, AgentQueue queue, ResumedStreams streams, dev.engram.agent.agent.ModelConfigs models,
                     dev.engram.agent.conversation.ConversationRepository conversations, dev.engram.agent.quota.Budget budget,
                     Drain drain) {
        this.budget = budget;
        this.drain = drain;
        this.streams = streams;
        this.models = models;
        this.conversations = conversations;
        this.agents = agents;
        this.memory = memory;
        this.providers = providers;
        this.steps = steps;
        this.compactor = compactor;
        this.runs = runs;
        this.queue = queue;
    }

    /**
     * A run ready to go: validated, recorded, holding its agent's turn (or, for a retried request, the run it attaches
     * to). Everything that can fail before a stream's first frame fails while preparing. {@code handedOver}: the
     * replica began to stop while the run waited for its turn, and the run was handed over before it began (it runs
     * elsewhere; starting it here waits for its result).
     */
    public record Prepared(Actor actor, Agent agent, RunThread thread, List<ToolEntity> tools, LettaRequest request, Run run,
                           AgentQueue.Lease lease, MemoryRecords.ContextView context, boolean attached, boolean handedOver) {

        public Prepared(Actor actor, Agent agent, RunThread thread, List<ToolEntity> tools, LettaRequest request, Run run,
                        AgentQueue.Lease lease, MemoryRecords.ContextView context, boolean attached) {
            this(actor, agent, thread, tools, request, run, lease, context, attached, false);
        }
    }

    /**
     * A request's items: an answer to waiting calls (ApprovalCreate or ToolReturnCreate, only ever first), and the
     * messages (after the answer, they follow it: their turn starts once the answered calls' results are in).
     */
    record Input(MessageCreate answer, List<MessageCreate> messages) {
    }

    /**
     * Validates the request, records the run (or finds the run a retry attaches to) and takes the agent's turn, unless
     * the run is {@code async} (it takes its turn when it starts). A run is a background run when it is async or its
     * request asks for a background stream.
     */
    public Uni<Prepared> prepare(Actor actor, String agentId, LettaRequest request, String idempotencyKey, boolean async,
                                 String callbackUrl) {
        return prepare(actor, agentId, RunThread.DEFAULT, request, idempotencyKey, async, callbackUrl);
    }

    /** {@link #prepare} for a run of one of the agent's threads. */
    public Uni<Prepared> prepare(Actor actor, String agentId, RunThread thread, LettaRequest request, String idempotencyKey, boolean async,
                                 String callbackUrl) {
        return prepare(actor, agentId, thread, request, idempotencyKey, async, callbackUrl, List.of());
    }

    /**
     * A run another agent's tool call asks for (multi-agent tools), on the target's own thread: recorded at once, taking
     * its turn when it starts, and carrying the chain of agents whose calls led to it (outermost first, the calling
     * agent last) in its metadata, so a resumed run still knows it. A retry with the same key attaches to the first run.
     */
    public Uni<Prepared> prepareNested(Actor actor, String agentId, LettaRequest request, String idempotencyKey, List<String> callers) {
        if (callers.isEmpty()) {
            throw new IllegalArgumentException("a nested run needs its caller");
        }
        return prepare(actor, agentId, RunThread.DEFAULT, request, idempotencyKey, true, null, callers);
    }

    /** The agents whose tool calls led to the run, outermost first; empty for a run a client started. */
    public static List<String> callers(Run run) {
        JsonNode chain = run.metadata == null ? null : run.metadata.get(CALLERS);
        if (chain == null || !chain.isArray()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        chain.forEach(c -> out.add(c.asText()));
        return List.copyOf(out);
    }

    private Uni<Prepared> prepare(Actor actor, String agentId, RunThread thread, LettaRequest request, String idempotencyKey, boolean async,
                                  String callbackUrl, List<String> callers) {
        if (drain.started() && callers.isEmpty()) {
            // readiness is DOWN already; the client's retry reaches another replica (a nested run is part of a step
            // under way here: it is taken, and handed over at its first step boundary)
            throw ApiException.unavailable("This server is shutting down: send the request again");
        }
        boolean background = callers.isEmpty() && (async || Boolean.TRUE.equals(request.background()));
        dev.engram.agent.agent.NotSupportedYet.check(request);
        Input in = input(request);
        List<MessageCreate> input = request.messages() != null ? request.messages() : in.messages();
        if (request.steps() < 1) {
            throw ApiException.unprocessable("max_steps: Input should be greater than 0");
        }
        String key = idempotencyKey != null ? idempotencyKey : otidKey(input);
        // read ahead from the start, alongside loading the agent and taking the turn (see storeAndWait)
        Uni<MemoryRecords.ContextView> readAhead = async ? null
                : memory.context(actor, agentId, thread.conversationId()).memoize().indefinitely();
        if (readAhead != null) {
            readAhead.subscribe().with(c -> { }, e -> { });
        }
        // the organization's budget and concurrent runs, asked alongside too; only a new run waits for the verdict
        Uni<Long> admission = budget.beforeRun(actor.organizationId()).memoize().indefinitely();
        admission.subscribe().with(ok -> { }, e -> { });
        return agents.forRun(actor, agentId).chain(loaded -> {
            Agent agent = loaded.agent();
            List<ToolEntity> toolList = loaded.tools();
            providers.client(actor.organizationId(), handle(request, thread, agent));
            Uni<Run> existing = key == null ? Uni.createFrom().nullItem() : runs.byIdempotencyKey(actor, agent.id, key);
            return existing.chain(found -> {
                if (found != null) {
                    return Uni.createFrom().item(new Prepared(actor, agent, thread, toolList, request, found, null, null, true));
                }
                // a new run: within the organization's budget and concurrent runs, or 402 / 429 before anything is
                // stored; the insert itself reserves the run's slot (concurrentRuns: its limit, null for none)
                return admission.chain(concurrentRuns -> newRun(actor, agent, thread, toolList, request, key,
                        background, callbackUrl, callers, async, in, readAhead, concurrentRuns));
            });
        });
    }

    private Uni<Prepared> newRun(Actor actor, Agent agent, RunThread thread, List<ToolEntity> toolList, LettaRequest request, String key,
                                 boolean background, String callbackUrl, List<String> callers, boolean async, Input in,
                                 Uni<MemoryRecords.ContextView> readAhead, Long concurrentRuns) {
        Run run = runs.newRun(actor, agent, thread.conversationId(), JsonText.MAPPER.valueToTree(request), key, background,
                callbackUrl);
        if (!callers.isEmpty() && run.metadata instanceof ObjectNode m) {
            m.put("run_type", NESTED_RUN_TYPE);
            com.fasterxml.jackson.databind.node.ArrayNode chain = m.putArray(CALLERS);
            callers.forEach(chain::add);
        }
        local.add(run.id);
        drain.enter(run.id); // waiting for its turn counts: a stopping replica hands it over before it exits
        Uni<Prepared> fresh = async
                ? runs.store(run, concurrentRuns).map(v -> new Prepared(actor, agent, thread, toolList, request, run, null, null, false))
                : storeAndWait(run, concurrentRuns, readAhead).chain(turn -> checked(in, run, turn))
                        .map(turn -> new Prepared(actor, agent, thread, toolList, request, run, turn.lease(), turn.context(), false,
                                turn.handedOver()));
        // two retries racing: the second finds the first's run
        return fresh.onFailure().invoke(e -> {
                    local.remove(run.id);
                    drain.leave(run.id);
                })
                .onFailure(RunService.DuplicateKey.class).recoverWithUni(e -> runs.byIdempotencyKey(actor, agent.id, key)
                .map(first -> new Prepared(actor, agent, thread, toolList, request, first, null, null, true)));
    }

    /**
     * The request checked against the window it got (waiting calls: a message is a 409, an answer must name them)
     * before anything goes to the client; a refused request closes its run as an error and gives the turn back.
     */
    private Uni<Turn> checked(Input in, Run run, Turn turn) {
        if (turn.handedOver()) {
            return Uni.createFrom().item(turn); // checked where it takes its turn
        }
        try {
            Approvals.check(in, turn.context().messages());
            return Uni.createFrom().item(turn);
        } catch (ApiException refused) {
            // closing the run gives its turn back in the same statement
            return runs.refuse(run, error(refused), turn.lease()).onFailure().recoverWithNull()
                    .chain(() -> Uni.createFrom().failure(refused));
        }
    }

    /** Letta's record of why a run failed ({@code metadata.error}). */
    static com.fasterxml.jackson.databind.node.ObjectNode error(ApiException e) {
        return JsonText.MAPPER.createObjectNode().put("error_type", "internal_error").put("message", e.detail()).put("detail", e.detail())
                .put("retryable", false);
    }

    /** What a write that may fail came to. */
    private record Outcome<T>(T value, Throwable error) {
        static <T> Uni<Outcome<T>> of(Uni<T> write) {
            return write.onItemOrFailure().transform(Outcome::new);
        }
    }

    /** The agent's turn, and the context read while taking it when that context is known to be current (else null). */
    private record Turn(AgentQueue.Lease lease, MemoryRecords.ContextView context) {
        /** No turn here: the replica began to stop while the run waited, and the run was handed over. */
        static final Turn HANDED_OVER = new Turn(null, null);

        boolean handedOver() {
            return lease == null;
        }
    }

    /**
     * Stores the run and takes the agent's ticket at once (independent writes), while the agent's context is read ahead,
     * then waits for the turn. A run that could not be stored gives its ticket back; a run that gets no turn is closed
     * as an error.
     * <p>
     * The context read ahead is used only when the turn came at once and the context has the window version the
     * agent's last run left behind: then no step and no other change of the window (see {@link WindowChanges}) came
     * between. Otherwise, or when the read failed, the run reads the context again once it has its turn.
     */
    private Uni<Turn> storeAndWait(Run run, Long concurrentRuns, Uni<MemoryRecords.ContextView> readAhead) {
        return Uni.combine().all().unis(Outcome.of(runs.store(run, concurrentRuns)), Outcome.of(queue.take(run.queueKey(), run.id)), Outcome.of(readAhead))
                .asTuple()
                .chain(started -> {
                    Outcome<Void> stored = started.getItem1();
                    Outcome<AgentQueue.Taken> taken = started.getItem2();
                    MemoryRecords.ContextView early = started.getItem3().value();
                    if (stored.error() != null) {
                        Uni<Void> giveBack = taken.error() == null ? queue.release(taken.value().lease()) : Uni.createFrom().voidItem();
                        return giveBack.onFailure().recoverWithNull().chain(() -> Uni.createFrom().<Turn>failure(stored.error()));
                    }
                    if (taken.error() != null) {
                        return runs.finish(run, "error", null).onFailure().recoverWithNull()
                                .chain(() -> Uni.createFrom().<Turn>failure(taken.error()));
                    }
                    AgentQueue.Taken t = taken.value();
                    if (t.turn()) {
                        boolean current = early != null && t.contextVersion() != null && early.version() == t.contextVersion();
                        return current ? Uni.createFrom().item(new Turn(t.lease(), early)) : withContext(run, t.lease());
                    }
                    return queue.await(t).onFailure(e -> !(e instanceof AgentQueue.Yielded)).call(e -> runs.finish(run, "error", null))
                            .chain(lease -> withContext(run, lease))
                            .onFailure(AgentQueue.Yielded.class).recoverWithUni(e -> handOverWaiting(run, e)
                                    .replaceWith(Turn.HANDED_OVER));
                });
    }

    /**
     * Hands over a run that waited for its turn when the replica began to stop: its ticket keeps its place in the
     * queue for the replica that takes the run over. Should that fail, the ticket is given back and the run is resumed
     * as a crashed replica's would be.
     */
    private Uni<Void> handOverWaiting(Run run, Throwable yielded) {
        return runs.handOver(run, ((AgentQueue.Yielded) yielded).lease())
                .invoke(() -> LOG.infof("run %s handed over while it waited for its turn: this replica is shutting down", run.id))
                .onFailure().invoke(e -> LOG.warnf("could not hand over waiting run %s: %s", run.id, e.toString()))
                .onFailure().recoverWithNull();
    }

    /** The turn with the context read now that it is held; a read that fails closes the run and gives the turn back. */
    private Uni<Turn> withContext(Run run, AgentQueue.Lease lease) {
        return memory.context(actorOf(run), run.agentId, run.conversationId).map(ctx -> new Turn(lease, ctx))
                .onFailure().call(e -> runs.finish(run, "error", null, lease).onFailure().recoverWithNull());
    }

    private static Actor actorOf(Run run) {
        return new Actor(run.organizationId, run.actorId == null ? Actor.DEFAULT_USER : run.actorId);
    }

    /** Sends and waits for the result (non-streaming). */
    public Uni<LettaResponse> send(Actor actor, String agentId, LettaRequest request, String idempotencyKey) {
        return prepare(actor, agentId, request, idempotencyKey, false, null).chain(p -> start(p, RunObserver.NONE));
    }

    /**
     * Gives up a prepared run that will not be started (its request failed between preparing and starting it): the run
     * is closed as an error and its turn given back, so that neither the agent's queue nor a stopping replica waits
     * for it. A retry attached to another request's run, and a run handed over to another replica, are left to go on.
     */
    public Uni<Void> abandon(Prepared p) {
        String id = p.run().id;
        if (p.attached()) {
            return Uni.createFrom().voidItem();
        }
        // closing the run gives its turn back in the same statement
        Uni<Void> closed = p.handedOver() ? Uni.createFrom().voidItem()
                : runs.finish(p.run(), "error", null, p.lease()).onFailure().recoverWithNull();
        return closed.eventually(() -> {
            local.remove(id);
            drain.leave(id);
        });
    }

    /** Starts the prepared run detached from the caller, or waits for the run a retry attached to; answers its result. */
    public Uni<LettaResponse> start(Prepared p, RunObserver observer) {
        if (p.attached()) {
            return runs.awaitResult(p.run().id).map(AgentLoop::stored);
        }
        String id = p.run().id;
        local.add(id);
        drain.enter(id);
        Uni<LettaResponse> executed = p.handedOver() ? handedOverBeforeItBegan(id, observer) : execute(p, observer);
        Uni<LettaResponse> run = executed.eventually(() -> {
                    local.remove(id);
                    drain.leave(id);
                })
                .onItemOrFailure().invoke((r, e) -> {
                    if (!(e instanceof HandedOverHere)) {
                        observer.ended(id, r, e);
                    }
                })
                .onFailure(HandedOverHere.class).recoverWithUni(e -> elsewhere(id, (HandedOverHere) e, observer))
                .memoize().indefinitely();
        run.subscribe().with(r -> { }, e -> LOG.debugf("run %s ended with %s", p.run().id, e.toString()));
        return run;
    }

    /**
     * A run that waited for its turn here and was handed over before it began: its observer follows it elsewhere when
     * it can, else the client waiting here gets its result as for any run handed over ({@link #elsewhere}).
     */
    private static <T> Uni<T> handedOverBeforeItBegan(String runId, RunObserver observer) {
        return observer.handOver(runId).onFailure().recoverWithItem(false)
                .chain(follows -> Uni.createFrom().<T>failure(new HandedOverHere(0, follows)));
    }

    /** A run this replica handed over; {@code follows} when its observer follows the rest of it on its own. */
    private static final class HandedOverHere extends RuntimeException {
        private final int sent;
        private final boolean follows;

        HandedOverHere(int sent, boolean follows) {
            super(null, null, false, false);
            this.sent = sent;
            this.follows = follows;
        }
    }

    /**
     * A run handed over to another replica: its result once it ends there (read from the database), so that the client
     * still waiting here gets its answer; an observer that does not follow the run itself gets the messages of the
     * steps taken there, then the end.
     */
    private Uni<LettaResponse> elsewhere(String runId, HandedOverHere handed, RunObserver observer) {
        return runs.awaitResult(runId).map(AgentLoop::stored).onItemOrFailure().invoke((r, e) -> {
            if (handed.follows) {
                return;
            }
            if (r != null) {
                r.messages().stream().skip(handed.sent).forEach(observer::message);
            }
            observer.ended(runId, r, e);
        });
    }

    /**
     * Hands the run over at a step boundary: once its step records are written and its observer has stored what it
     * sent, the turn is given back with the run marked handed over (the run stays open).
     */
    private Uni<HandedOverHere> handOver(LoopState s, Run run, AgentQueue.Lease lease, int sent) {
        return s.recorded().onFailure().recoverWithNull()
                .chain(() -> s.observer.handOver(run.id)).onFailure().recoverWithItem(false)
                .call(() -> runs.handOver(run, lease))
                .invoke(() -> LOG.infof("run %s handed over after %d step(s): this replica is shutting down", run.id, s.steps))
                .map(follows -> new HandedOverHere(sent, follows));
    }

    /**
     * Runs the prepared run to its end: steps, then the run's record, the agent's last-run fields and the callback. Once
     * the run has its turn, marking it running and reading its window go out together. A run that got its turn at once
     * with its context already read does not wait for the mark: nobody could cancel it while it waited, and the mark is
     * awaited as the run closes.
     */
    Uni<LettaResponse> execute(Prepared p, RunObserver observer) {
        if (p.lease() == null) {
            // a run that takes its turn as it starts (async): handed over at once if the replica begins to stop first
            return queue.acquireRun(p.run().queueKey(), p.run().id)
                    .onFailure(AgentQueue.Yielded.class).recoverWithUni(e -> handOverWaiting(p.run(), e)
                            .chain(() -> AgentLoop.<AgentQueue.Lease>handedOverBeforeItBegan(p.run().id, observer)))
                    .chain(lease -> execute(p, lease, observer));
        }
        return execute(p, p.lease(), observer);
    }

    private Uni<LettaResponse> execute(Prepared p, AgentQueue.Lease lease, RunObserver observer) {
        return started(p)
                        .chain(started -> {
                            LoopState s = state(p, observer);
                            observer.started(p.run().id);
                            if (started.marking() != null) {
                                s.recording(started.marking());
                            }
                            Uni<Void> ran;
                            if (started.cancelled()) {
                                s.stopReason = "cancelled"; // while it waited for its turn
                                ran = Uni.createFrom().voidItem();
                            } else {
                                ran = begin(s, started.context());
                            }
                            return ran.map(v -> response(s)).call(r -> close(s, p.run(), r, lease))
                                    .onFailure(Drain.HandedOver.class).recoverWithUni(e -> handOver(s, p.run(), lease,
                                            ((Drain.HandedOver) e).sent())
                                            .onItem().transformToUni(h -> Uni.createFrom().<LettaResponse>failure(h)));
                        })
                        .onFailure(e -> !(e instanceof HandedOverHere)).call(e -> (e instanceof ApiException api ? runs.refuse(p.run(), error(api), lease)
                                : runs.finish(p.run(), stopReasonOf(e), null, lease))
                                .onFailure().invoke(x -> LOG.warnf("could not close run %s: %s", p.run().id, x)).onFailure().recoverWithNull())
                        .eventually(() -> queue.release(lease))
                        .eventually(() -> runs.callback(p.run()));
    }

    /**
     * A run with its turn: cancelled while it waited, or its context; and, when the run does not wait for it, the mark
     * as running, which the run's state starts and awaits as the run closes.
     */
    private record Started(boolean cancelled, MemoryRecords.ContextView context, Uni<Void> marking) {
    }

    private Uni<Started> started(Prepared p) {
        if (p.context() != null) {
            return Uni.createFrom().item(new Started(false, p.context(), runs.markRunning(p.run()).replaceWithVoid()));
        }
        return Uni.combine().all().unis(runs.markRunning(p.run()), memory.context(p.actor(), p.agent().id, p.run().conversationId)).asTuple()
                .map(t -> new Started(t.getItem1(), t.getItem2(), null));
    }

    /**
     * Closes a run that ended normally, while its last step records are still being written. Closing gives the turn
     * back in the same statement; the release after it is then a no-op.
     */
    private Uni<Void> close(LoopState s, Run run, LettaResponse r, AgentQueue.Lease lease) {
        Long version = s.systemId == null ? null : s.contextVersion; // null: the window was never read
        return Uni.combine().all().unis(s.recorded(), runs.finish(run, r.stopReason().stopReason(), JsonText.MAPPER.valueToTree(r), lease,
                        version))
                .collectFailures().discardItems();
    }

    private LoopState state(Prepared p, RunObserver observer) {
        String handle = handle(p.request(), p.thread(), p.agent());
        LoopState s = new LoopState(p.actor(), p.agent(), p.thread().conversationId(), p.request(), p.run().id, handle,
                llmConfig(p.agent(), handle, p.thread()), p.tools());
        s.observer = observer;
        s.callers = callers(p.run());
        s.groupId = groupOf(p.request());
        return s;
    }

    /** The group the request's messages were sent in, if any. */
    private static String groupOf(LettaRequest request) {
        if (request.messages() == null) {
            return null;
        }
        return request.messages().stream().map(MessageCreate::groupId).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** The model a run calls: the request's override, else the conversation's, else the agent's. */
    private static String handle(LettaRequest request, RunThread thread, Agent agent) {
        return request.overrideModel() != null ? request.overrideModel() : thread.model() != null ? thread.model() : agent.model;
    }

    /**
     * The LLM configuration of another model than the agent's: that model's, within the agent's context window, with
     * the conversation's model settings (Letta's precedence); the agent's own otherwise.
     */
    private JsonNode llmConfig(Agent agent, String handle, RunThread thread) {
        if (handle.equals(agent.model) && thread.modelSettings() == null) {
            return agent.llmConfig;
        }
        Integer window = agent.llmConfig == null || !agent.llmConfig.hasNonNull("context_window") ? null
                : agent.llmConfig.get("context_window").asInt();
        return models.llmConfig(agent.organizationId, handle, window, null, thread.modelSettings());
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

    /**
     * Starts the run on its window: a request of messages takes its first step with them as input; an answer to
     * waiting calls is checked against the window (an async run that finds it refused fails), answered without an LLM
     * call, and the turn goes on from the results unless calls still wait.
     */
    private Uni<Void> begin(LoopState s, MemoryRecords.ContextView context) {
        window(s, context);
        Input in = input(s.request);
        List<Approvals.Answer> answers = Approvals.check(in, s.window);
        if (in.answer() == null) {
            addInputs(s, in.messages());
            return loop(s, 1, false);
        }
        turnSoFar(s);
        Approvals.Pending pending = Approvals.pending(s.window);
        String stepId = "step-" + java.util.UUID.randomUUID();
        MessageData response = Approvals.response(s, in.answer(), answers, stepId);
        List<MessageData> given = Approvals.givenResults(s, pending, answers, stepId);
        return steps.answer(s, response, given, Approvals.approved(pending, answers), inputData(s, in.messages(), 1))
                .chain(cont -> cont ? loop(s, 1) : Uni.createFrom().voidItem());
    }

    /** The tools the window's current turn called (after its last message from the user), and what the last one said. */
    private static void turnSoFar(LoopState s) {
        List<MessageData> turn = new ArrayList<>();
        for (int i = s.window.size() - 1; i > 0; i--) {
            MessageData m = s.window.get(i);
            if ("user".equals(m.role()) && !Recompiler.text(m.content()).startsWith("{\"type\": \"heartbeat\"")) {
                break;
            }
            turn.addFirst(m);
        }
        for (MessageData m : turn) {
            String text = Recompiler.text(m.content());
            if ("tool".equals(m.role()) && m.name() != null && !text.contains("[ToolConstraintError]") && !text.contains(Approvals.DENIED)) {
                s.turnTools.add(m.name());
                s.lastToolOutput = Approvals.message(m);
            }
        }
    }

    private Uni<Void> load(LoopState s, List<MessageCreate> input) {
        return loadWindow(s).invoke(() -> addInputs(s, input));
    }

    /** The request's messages, pending until the first step commits them. */
    private static void addInputs(LoopState s, List<MessageCreate> input) {
        s.pendingInputs.addAll(inputData(s, input, 0));
    }

    /** Messages of the request as they will be stored (not echoed in the response); {@code first} is their index in it. */
    private static List<MessageData> inputData(LoopState s, List<MessageCreate> input, int first) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<MessageData> out = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            MessageCreate m = input.get(i);
            MessageData data = new MessageData(InitialMessages.newId(), s.agent.id, m.role() == null ? "user" : m.role(),
                    InitialMessages.content(m.content(), "messages[" + (first + i) + "].content"), m.name(), null, null, null, null, null,
                    m.otid(), m.senderId(), m.groupId(), null, s.runId, null, now.plus(i, ChronoUnit.MICROS), null, null);
            out.add(data);
            s.hidden.add(data.id());
        }
        return out;
    }

    private Uni<Void> loadWindow(LoopState s) {
        return loadContext(s).invoke(ctx -> window(s, ctx)).replaceWithVoid();
    }

    private Uni<MemoryRecords.ContextView> loadContext(LoopState s) {
        return memory.context(s.actor, s.agent.id, s.conversationId);
    }

    private static void window(LoopState s, MemoryRecords.ContextView ctx) {
        List<MessageData> window = new ArrayList<>(ctx.messages());
        if (window.isEmpty() || !"system".equals(window.getFirst().role())) {
            throw new ApiException(500, "Agent " + s.agent.id + " has no system message");
        }
        s.systemId = window.getFirst().id();
        s.systemText = Recompiler.text(window.getFirst().content());
        if (Recompiler.stale(s.agent, ctx, s.systemText)) {
            s.systemText = Recompiler.compile(s.agent, s.conversationId, ctx, Instant.now());
            s.staleSystem = true;
        }
        s.window = s.agent.messageBufferAutoclear ? new ArrayList<>(List.of(window.getFirst())) : window;
        s.contextVersion = ctx.version();
        s.recallCount = ctx.recallCount();
        s.archivalCount = ctx.archivalCount();
        s.archivalTags = ctx.archivalTags();
    }

    private Uni<Void> loop(LoopState s, int step) {
        return loop(s, step, true);
    }

    /** Steps on from {@code step}; asks whether the run was cancelled first unless the caller just learned it was not. */
    private Uni<Void> loop(LoopState s, int step, boolean checkCancelled) {
        if (drain.started()) {
            return Uni.createFrom().failure(new Drain.HandedOver(s.responseMessages.size())); // a step boundary
        }
        boolean last = step >= s.request.steps();
        Uni<Boolean> cancelledNow = checkCancelled ? runs.isCancelled(s.runId) : Uni.createFrom().item(false);
        return cancelledNow.chain(cancelled -> {
            if (cancelled) {
                s.stopReason = "cancelled";
                return Uni.createFrom().voidItem();
            }
            // the month's budget, checked before the step starts (a step under way always finishes); a run's first step
            // from begin() was admitted by Budget.beforeRun a moment ago
            Uni<Boolean> admitted = step == 1 && !checkCancelled ? Uni.createFrom().item(true) : budget.allowsStep(s.actor.organizationId());
            return admitted.chain(allowed -> {
                if (!allowed) {
                    s.stopReason = dev.engram.agent.quota.Budget.STOP_REASON;
                    return Uni.createFrom().voidItem();
                }
                return steps.step(s, last).chain(cont -> cont ? loop(s, step + 1) : Uni.createFrom().voidItem());
            });
        }).onFailure(LlmException.class).recoverWithUni(e -> {
            if (s.responseMessages.isEmpty()) {
                return Uni.createFrom().failure(e);
            }
            s.observer.modelFailed(e);
            return Uni.createFrom().voidItem();
        });
    }

    private static LettaResponse response(LoopState s) {
        LettaResponse.Usage usage = new LettaResponse.Usage("usage_statistics", s.completionTokens, s.promptTokens, s.totalTokens,
                s.steps, null, s.cachedInputTokens, null, s.reasoningTokens, s.contextTokens);
        return new LettaResponse(s.responseMessages, LettaResponse.StopReason.of(s.stopReason == null ? "end_turn" : s.stopReason),
                usage, null, null);
    }

    /** The stored result of a finished run. */
    static LettaResponse stored(Run run) {
        JsonNode result = run.metadata == null ? null : run.metadata.get("result");
        if (result == null || result.isNull()) {
            throw new ApiException(500, "Run " + run.id + " ended with " + run.stopReason + " and no result");
        }
        try {
            return JsonText.MAPPER.treeToValue(result, LettaResponse.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- recovery

    /** Whether this replica is working on the run. */
    boolean isLocal(String runId) {
        return local.contains(runId);
    }

    /** How many runs this replica is working on (from preparation to the end, waiting for their turn included). */
    int inFlight() {
        return local.size();
    }

    /**
     * Resumes a run whose replica died: finishes the step it left between plan and commit (the same tool calls, so
     * their effects apply once), or starts it over if nothing of it was committed, then steps on until it ends.
     */
    public Uni<LettaResponse> resume(Run run) {
        return resume(run, null);
    }

    /**
     * {@link #resume} with the ticket a stopping replica handed over and this one took ({@code adopted}, null to take
     * a new one): the run waits in the place its ticket has in the queue. Should this replica begin to stop while the
     * run still waits, it hands the ticket over again.
     */
    public Uni<LettaResponse> resume(Run run, AgentQueue.Taken adopted) {
        Actor actor = new Actor(run.organizationId, run.actorId == null ? Actor.DEFAULT_USER : run.actorId);
        LettaRequest request;
        try {
            request = JsonText.MAPPER.treeToValue(run.request, LettaRequest.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return runs.finish(run, "error", null, adopted == null ? null : adopted.lease()).replaceWith(Uni.createFrom().failure(e));
        }
        java.time.Duration wait = java.time.Duration.ofMinutes(10);
        drain.enter(run.id); // from the wait for its turn on: a stopping replica hands it over before it exits
        return agents.forRun(actor, run.agentId).chain(loaded -> thread(run).chain(thread -> (adopted != null ? queue.await(adopted, wait)
                        : queue.acquireRun(run.queueKey(), run.id, wait))
                .onFailure(AgentQueue.Yielded.class).recoverWithUni(e -> handOverWaiting(run, e)
                        .replaceWith((AgentQueue.Lease) null))
                .chain(lease -> lease == null ? Uni.createFrom().item((LettaResponse) null) : runs.reload(run.id).chain(current -> {
                    if (!dev.engram.agent.run.RunRepository.ACTIVE.contains(current.status)) {
                        return Uni.createFrom().item((LettaResponse) null); // someone else finished it meanwhile
                    }
                    LOG.infof("resuming run %s of agent %s", run.id, run.agentId);
                    Uni<Void> taken = current.handedOverAt == null ? Uni.createFrom().voidItem() : runs.takenOver(run.id);
                    return taken.chain(() -> streams.observe(current)).chain(observer -> {
                        LoopState s = state(new Prepared(actor, loaded.agent(), thread, loaded.tools(), request, current, lease, null, false),
                                observer);
                        return loadWindow(s).invoke(() -> turnSoFar(s)).chain(() -> earlierMessages(s))
                                .chain(earlier -> continueRun(s, earlier, request))
                                .call(r -> close(s, current, r, lease))
                                .onFailure(Drain.HandedOver.class).recoverWithUni(e -> handOver(s, current, lease, 0)
                                        .replaceWith((LettaResponse) null))
                                .onFailure().call(e -> (e instanceof ApiException api ? runs.refuse(current, error(api), lease)
                                        : runs.finish(current, stopReasonOf(e), null, lease)).onFailure().recoverWithNull())
                                .onItemOrFailure().invoke((r, e) -> {
                                    if (r != null || e != null) {
                                        observer.ended(current.id, r, e);
                                    }
                                });
                    });
                }).eventually(() -> queue.release(lease)).eventually(() -> runs.callback(run)))))
                // an adopted ticket is given back when the run fails before its wait (a no-op once it is closed or handed over)
                .onFailure().call(() -> adopted == null ? Uni.createFrom().voidItem() : queue.release(adopted.lease()).onFailure().recoverWithNull())
                .eventually(() -> drain.leave(run.id));
    }

    /** The thread of a run, with the model its conversation chose (a conversation deleted meanwhile fails the run). */
    private Uni<RunThread> thread(Run run) {
        if (run.conversationId == null) {
            return Uni.createFrom().item(RunThread.DEFAULT);
        }
        return io.quarkus.hibernate.reactive.panache.Panache.withSession(() -> conversations.findInOrg(run.organizationId, run.conversationId))
                .onItem().ifNull().failWith(() -> ApiException.notFound("Conversation " + run.conversationId + " not found"))
                .map(c -> new RunThread(c.id, c.model, c.modelSettings));
    }

    private Uni<LettaResponse> continueRun(LoopState s, List<ObjectNode> earlier, LettaRequest request) {
        s.responseMessages.addAll(earlier);
        return runs.pendingStep(s.runId).chain(pending -> {
            if (pending != null && pending.plan != null) {
                StepPlan plan = StepPlan.of(pending.plan);
                boolean last = s.steps + 1 >= request.steps();
                return steps.resume(s, pending.id, plan, last)
                        .chain(cont -> cont ? loop(s, s.steps + 1) : Uni.createFrom().voidItem())
                        .map(v -> response(s));
            }
            if (earlier.isEmpty()) {
                // checked against the window it gets now, as a new run is: a run handed over while it waited never was
                return loadContext(s).chain(ctx -> {
                    Approvals.check(input(request), ctx.messages());
                    return begin(s, ctx);
                }).map(v -> response(s));
            }
            if (Approvals.pending(s.window).any()) {
                s.stopReason = "requires_approval";
                return Uni.createFrom().item(response(s));
            }
            if (turnEnded(s)) {
                s.stopReason = "end_turn";
                return Uni.createFrom().item(response(s));
            }
            return loop(s, s.steps + 1).map(v -> response(s));
        });
    }

    /** Whether the last committed step ended the turn (a reply without tool calls, or a memgpt reply). */
    private static boolean turnEnded(LoopState s) {
        for (int i = s.window.size() - 1; i > 0; i--) {
            MessageData m = s.window.get(i);
            if ("assistant".equals(m.role())) {
                if (m.toolCalls() == null || m.toolCalls().isEmpty()) {
                    return true;
                }
                for (JsonNode c : m.toolCalls()) {
                    String name = c.path("function").path("name").asText();
                    if ("send_message".equals(name) || "memory_finish_edits".equals(name)) {
                        return true;
                    }
                }
                return false;
            }
            if ("user".equals(m.role()) && !s.memgpt()) {
                return false;
            }
        }
        return false;
    }

    /** The run's messages committed before the crash, as the response will show them. */
    private Uni<List<ObjectNode>> earlierMessages(LoopState s) {
        MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
        q.putSingle("run_id", s.runId);
        q.putSingle("order", "asc");
        q.putSingle("limit", "10000");
        q.putSingle("use_assistant_message", String.valueOf(s.request.assistantMessage()));
        q.putSingle("text_is_assistant_message", String.valueOf(!s.memgpt()));
        return memory.messages(s.actor, s.agent.id, q).map(list -> {
            List<ObjectNode> out = new ArrayList<>();
            for (JsonNode m : list) {
                if (!"user_message".equals(m.path("message_type").asText()) && m instanceof ObjectNode o) {
                    out.add(o);
                }
            }
            s.steps = (int) list.stream().map(m -> m.path("step_id").asText()).filter(x -> !x.isEmpty()).distinct().count();
            return out;
        });
    }

    // --- requests

    /**
     * Validates {@code messages} / {@code input} as Letta does (exactly one, not empty) and splits the items: an
     * answer to waiting calls may only come first; messages are user, system or assistant messages with content.
     */
    static Input input(LettaRequest r) {
        if (r.messages() != null && r.input() != null) {
            throw ApiException.unprocessable("messages: give either messages or input, not both");
        }
        if (r.input() != null) {
            return new Input(null, List.of(MessageCreate.of("user", r.input())));
        }
        if (r.messages() == null) {
            throw ApiException.unprocessable("messages: Field required (or input)");
        }
        if (r.messages().isEmpty()) {
            throw ApiException.unprocessable("messages: List should have at least 1 item after validation, not 0");
        }
        MessageCreate answer = null;
        List<MessageCreate> messages = new ArrayList<>();
        for (int i = 0; i < r.messages().size(); i++) {
            MessageCreate m = r.messages().get(i);
            String kind = m.kind();
            if (MessageCreate.APPROVAL.equals(kind) || MessageCreate.TOOL_RETURN.equals(kind)) {
                if (i > 0) {
                    throw ApiException.unprocessable("messages[" + i + "].type: an approval or tool return must be the first message");
                }
                answer = m;
                continue;
            }
            if (!MessageCreate.MESSAGE.equals(kind)) {
                throw ApiException.unprocessable("messages[" + i + "].type: Input should be 'message', 'approval' or 'tool_return', got '"
                        + kind + "'");
            }
            if (m.role() != null && !INPUT_ROLES.contains(m.role())) {
                throw ApiException.unprocessable("messages[" + i + "].role: Input should be 'user', 'system' or 'assistant'");
            }
            InitialMessages.content(m.content(), "messages[" + i + "].content");
            messages.add(m);
        }
        return new Input(answer, List.copyOf(messages));
    }

    /** Letta's request token from message otids: a retry with the same otids attaches to the same run. */
    static String otidKey(List<MessageCreate> input) {
        StringBuilder otids = new StringBuilder();
        for (MessageCreate m : input) {
            if (m.otid() == null) {
                return null;
            }
            otids.append(m.otid());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(otids.toString().getBytes(StandardCharsets.UTF_8));
            return "otid:" + HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The model request the request's first step would make, in OpenAI's shape, without making it: nothing is stored,
     * no run is made (Letta's preview-raw-payload).
     */
    public Uni<ObjectNode> preview(Actor actor, String agentId, RunThread thread, LettaRequest request) {
        Input in = input(request);
        return agents.forRun(actor, agentId).chain(loaded -> memory.context(actor, agentId, thread.conversationId()).map(ctx -> {
            String handle = handle(request, thread, loaded.agent());
            LoopState s = new LoopState(actor, loaded.agent(), thread.conversationId(), request, null, handle,
                    llmConfig(loaded.agent(), handle, thread), loaded.tools());
            window(s, ctx);
            addInputs(s, in.messages());
            return dev.engram.agent.llm.OpenAiPayload.of(StepRunner.request(s, ToolOffer.of(s)));
        }));
    }

    /** Compacts the agent's window now (POST /summarize), holding its turn like a run does. */
    public Uni<Compactor.Outcome> summarize(Actor actor, String agentId) {
        return summarize(actor, agentId, RunThread.DEFAULT);
    }

    /** Compacts one thread's window now (an agent's /summarize, a conversation's /compact), holding its turn. */
    public Uni<Compactor.Outcome> summarize(Actor actor, String agentId, RunThread thread) {
        String key = thread.conversationId() != null ? thread.conversationId() : agentId;
        return agents.forRun(actor, agentId).chain(loaded -> queue.acquire(key, "summarize-" + key).chain(lease -> {
            String handle = thread.model() != null ? thread.model() : loaded.agent().model;
            LoopState s = new LoopState(actor, loaded.agent(), thread.conversationId(), LettaRequest.of(List.of()).withMaxSteps(1), null,
                    handle, llmConfig(loaded.agent(), handle, thread), loaded.tools());
            Uni<Void> forget = thread.conversationId() == null ? runs.forgetContextVersion(agentId) : Uni.createFrom().voidItem();
            return forget.chain(() -> loadWindow(s)).chain(() -> compactor.compact(s)).eventually(() -> queue.release(lease));
        }));
    }
}
