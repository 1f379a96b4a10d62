package dev.engram.agent.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.agent.Agent;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.llm.LlmException;
import dev.engram.agent.web.Actor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;

/** Runs and their steps: created when a request starts, closed with their stop reason; steps keep token usage. */
@ApplicationScoped
public class RunService {

    private static final Set<String> COMPLETED = Set.of("end_turn", "max_steps", "tool_rule", "requires_approval");

    /** A retried request's idempotency key is already taken by a run of the same agent. */
    public static final class DuplicateKey extends RuntimeException {
        DuplicateKey() {
            super(null, null, false, false);
        }
    }

    private final RunRepository runs;
    private final AgentQueue queue;
    private final Callbacks callbacks;
    private final dev.engram.agent.usage.UsageMetrics metrics;
    private final dev.engram.agent.events.AgentEvents events;

    public RunService(RunRepository runs, AgentQueue queue, Callbacks callbacks, dev.engram.agent.usage.UsageMetrics metrics,
                      dev.engram.agent.events.AgentEvents events) {
        this.runs = runs;
        this.events = events;
        this.queue = queue;
        this.metrics = metrics;
        this.callbacks = callbacks;
    }

    /** Records a new run (status created). */
    public Uni<Run> create(Actor actor, Agent agent, JsonNode request, String idempotencyKey, boolean background, String callbackUrl) {
        Run run = newRun(actor, agent, null, request, idempotencyKey, background, callbackUrl);
        return store(run).replaceWith(run);
    }

    /** A new run (status created), not stored yet: {@link #store} stores it. */
    public Run newRun(Actor actor, Agent agent, String conversationId, JsonNode request, String idempotencyKey, boolean background,
                      String callbackUrl) {
        Run run = new Run();
        run.id = "run-" + UUID.randomUUID();
        run.organizationId = actor.organizationId();
        run.actorId = actor.userId();
        run.agentId = agent.id;
        run.conversationId = conversationId;
        run.status = "created";
        run.background = background;
        run.callbackUrl = callbackUrl;
        run.request = request;
        run.idempotencyKey = idempotencyKey;
        ObjectNode metadata = JsonText.MAPPER.createObjectNode().put("run_type",
                conversationId != null ? "send_conversation_message" : background ? "send_message_async" : "send_message");
        run.metadata = metadata;
        run.requestConfig = requestConfig(request);
        run.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return run;
    }

    /** Stores a run made by {@link #newRun}; {@link DuplicateKey} when a run of the agent has its idempotency key. */
    public Uni<Void> store(Run run) {
        return store(run, null);
    }

    /**
     * {@link #store}, within the organization's concurrent runs when {@code concurrentRuns} is not null: the count and
     * the insert are one transaction serialised per organization (across replicas), and a run over the limit is not
     * stored but refused with 429 ({@link dev.engram.agent.quota.Budget#tooManyRuns}).
     */
    public Uni<Void> store(Run run, Long concurrentRuns) {
        Uni<Void> insert = concurrentRuns == null ? runs.insert(run)
                : runs.insertWithin(run, concurrentRuns).chain(stored -> stored ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(dev.engram.agent.quota.Budget.tooManyRuns(run.organizationId, concurrentRuns)));
        return insert.onFailure(e -> run.idempotencyKey != null && dev.engram.agent.db.UniqueViolations.is(e)).transform(e -> new DuplicateKey())
                .call(() -> status(run, "created", null));
    }

    public Uni<Run> byIdempotencyKey(Actor actor, String agentId, String key) {
        return Panache.withSession(() -> runs.byIdempotencyKey(actor.organizationId(), agentId, key));
    }

    public Uni<Run> reload(String runId) {
        return Panache.withSession(() -> Run.<Run>findById(runId));
    }

    /** The run has its turn: it is running now, unless it was cancelled while it waited. Answers whether it was. */
    public Uni<Boolean> markRunning(Run run) {
        return runs.markRunning(run.id).call(s -> "running".equals(s) ? status(run, s, null) : Uni.createFrom().voidItem())
                .map("cancelled"::equals);
    }

    /** Tells the agent's change feed. */
    private Uni<Void> status(Run run, String status, String stopReason) {
        return events.runStatus(run.organizationId, run.agentId, run.id, run.conversationId, status, stopReason);
    }

    /** Asked before every step: the status alone, not the run with its JSON. */
    public Uni<Boolean> isCancelled(String runId) {
        return runs.status(runId).map("cancelled"::equals);
    }

    /** Waits until the run has ended (a retried request attaching to it), then answers it. */
    public Uni<Run> awaitResult(String runId) {
        return reload(runId).chain(r -> {
            if (r == null) {
                return Uni.createFrom().failure(dev.engram.agent.web.ApiException.notFound("Run " + runId + " not found"));
            }
            if (!RunRepository.ACTIVE.contains(r.status)) {
                return Uni.createFrom().item(r);
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(java.time.Duration.ofMillis(100)).chain(() -> awaitResult(runId));
        });
    }

    /** Marks the agent's active runs (or those named) cancelled; answers {run_id: "cancelled"}. 409 when none is active. */
    public Uni<java.util.Map<String, String>> cancel(Actor actor, String agentId, java.util.List<String> runIds) {
        return cancel(actor, agentId, null, runIds);
    }

    /**
     * Cancels the agent's active runs, or those named, in one of its threads: {@code conversationId} null for any
     * thread, "default" for the agent's own, else a conversation. 409 when none is active.
     */
    public Uni<java.util.Map<String, String>> cancel(Actor actor, String agentId, String conversationId, java.util.List<String> runIds) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        java.util.List<Run> cancelled = new java.util.concurrent.CopyOnWriteArrayList<>();
        return Panache.withTransaction(() -> runs.activeOf(actor.organizationId(), agentId).chain(active -> {
            java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
            for (Run r : active) {
                boolean inThread = conversationId == null || ("default".equals(conversationId) ? r.conversationId == null
                        : conversationId.equals(r.conversationId));
                if (inThread && (runIds == null || runIds.isEmpty() || runIds.contains(r.id))) {
                    r.status = "cancelled";
                    r.stopReason = "cancelled";
                    r.completedAt = now;
                    out.put(r.id, "cancelled");
                    cancelled.add(r);
                }
            }
            if (out.isEmpty()) {
                return Uni.createFrom().failure(new dev.engram.agent.web.ApiException(409, conversationId == null
                        ? "No active run to cancel for agent " + agentId
                        : "CONFLICT: No active runs to cancel for conversation " + conversationId));
            }
            return Uni.createFrom().item(out);
        })).call(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Run r : cancelled) {
                chain = chain.chain(() -> status(r, "cancelled", "cancelled"));
                if (r.handedOverAt != null) {
                    chain = chain.chain(() -> runs.dropHandedOver(r.id)); // nobody resumes it: its ticket goes now
                }
            }
            return chain;
        });
    }

    /**
     * Posts the run's outcome to its callback URL once it ended (5 s timeout) and records how that went. A run created
     * without a callback URL has nothing to send: nothing is read.
     */
    public Uni<Void> callback(Run run) {
        if (run.callbackUrl == null) {
            return Uni.createFrom().voidItem();
        }
        return reload(run.id).chain(r -> {
            if (r == null || r.callbackUrl == null || r.callbackSentAt != null || RunRepository.ACTIVE.contains(r.status)) {
                return Uni.createFrom().voidItem();
            }
            ObjectNode body = JsonText.MAPPER.createObjectNode();
            body.put("run_id", r.id);
            body.put("status", r.status);
            body.put("completed_at", r.completedAt == null ? null : r.completedAt.toString());
            body.set("metadata", r.metadata);
            return callbacks.post(r.callbackUrl, body)
                    .chain(sent -> Panache.withTransaction(() -> Run.update(
                            "callbackSentAt = ?1, callbackStatusCode = ?2, callbackError = ?3 where id = ?4",
                            Instant.now().truncatedTo(ChronoUnit.MICROS), sent.statusCode(), sent.error(), r.id)))
                    .replaceWithVoid();
        }).onFailure().recoverWithNull().replaceWithVoid();
    }

    private static JsonNode requestConfig(JsonNode request) {
        ObjectNode c = JsonText.MAPPER.createObjectNode();
        c.put("use_assistant_message", request == null || !request.has("use_assistant_message") || request.get("use_assistant_message").asBoolean(true));
        c.put("assistant_message_tool_name", request == null ? "send_message" : request.path("assistant_message_tool_name").asText("send_message"));
        c.put("assistant_message_tool_kwarg", request == null ? "message" : request.path("assistant_message_tool_kwarg").asText("message"));
        c.set("include_return_message_types", request == null ? null : request.get("include_return_message_types"));
        return c;
    }

    /** Closes the run with its stop reason and notes the outcome on the agent. */
    public Uni<Void> finish(Run run, String stopReason, JsonNode result) {
        return finish(run, stopReason, result, null, null);
    }

    public Uni<Void> finish(Run run, String stopReason, JsonNode result, AgentQueue.Lease lease) {
        return finish(run, stopReason, result, lease, null);
    }

    /**
     * Closes the run with its stop reason, notes the outcome on the agent and gives the agent's turn back, all in one
     * statement (the turn is given back alone if that fails). A cancelled run stays cancelled. {@code lease} may be null;
     * {@code contextVersion} is the memory window version the run left behind, null when not known for sure.
     */
    public Uni<Void> finish(Run run, String stopReason, JsonNode result, AgentQueue.Lease lease, Long contextVersion) {
        return close(run, stopReason, "result", result, lease, contextVersion);
    }

    /** Closes the run as an error before it began, with Letta's {@code metadata.error}; gives the turn back. */
    public Uni<Void> refuse(Run run, JsonNode error, AgentQueue.Lease lease) {
        return close(run, "error", "error", error, lease, null);
    }

    private Uni<Void> close(Run run, String stopReason, String field, JsonNode value, AgentQueue.Lease lease, Long contextVersion) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long durationNs = Duration.between(run.createdAt, now).toNanos();
        // the run's metadata is written once, when it is created: the result goes next to what this replica holds
        JsonNode metadata = null;
        if (value != null && run.metadata instanceof ObjectNode m) {
            metadata = m.deepCopy().set(field, value);
        }
        Long ticket = queue.handOver(lease);
        Uni<Void> close = runs.close(new RunRepository.Closing(run.id, statusOf(stopReason), stopReason, now, durationNs, metadata,
                contextVersion), ticket).call(() -> status(run, statusOf(stopReason), stopReason));
        return ticket == null ? close : close.onFailure().call(e -> queue.delete(ticket).onFailure().recoverWithNull());
    }

    /**
     * Leaves the run open for another replica: gives its turn back and marks it handed over (see {@link Drain}), so
     * that a replica resumes it at once. The turn is given back alone if that fails (the run is then resumed as a
     * crashed replica's would be).
     */
    public Uni<Void> handOver(Run run, AgentQueue.Lease lease) {
        Long ticket = queue.handOver(lease);
        Uni<Void> mark = runs.handOver(run.id, ticket, Instant.now().truncatedTo(ChronoUnit.MICROS));
        return ticket == null ? mark : mark.onFailure().call(e -> queue.delete(ticket).onFailure().recoverWithNull());
    }

    /** The handed-over run's turn is held again: it is no longer waiting for a replica. */
    public Uni<Void> takenOver(String runId) {
        return runs.takenOver(runId);
    }

    public static String statusOf(String stopReason) {
        if ("cancelled".equals(stopReason)) {
            return "cancelled";
        }
        return COMPLETED.contains(stopReason) ? "completed" : "failed";
    }

    /** Before the agent's window changes outside a run: no request may trust a context it read earlier. */
    public Uni<Void> forgetContextVersion(String agentId) {
        return runs.forgetContextVersion(agentId);
    }

    /** Stores the step in flight (status pending) with its plan, before any of its tools run. */
    public Uni<Void> planStep(dev.engram.agent.loop.StepInfo s, String stepId, Instant started, JsonNode plan) {
        StepRecord step = record(s, stepId, started, "pending", null);
        step.plan = plan;
        step.completedAt = null;
        return insert(step);
    }

    /** The step is committed in memory-service: it no longer needs its plan. */
    public Uni<Void> completeStep(String stepId, String stopReason, dev.engram.agent.loop.StepClock.Times times) {
        return runs.completeStep(stepId, stopReason, Instant.now().truncatedTo(ChronoUnit.MICROS), times);
    }

    /** The step a dead replica left between its plan and its commit, if any. */
    public Uni<StepRecord> pendingStep(String runId) {
        return Panache.withSession(() -> StepRecord.<StepRecord>find("runId = ?1 and status = 'pending' order by createdAt desc", runId)
                .firstResult());
    }

    /** Records one step with its usage; keyed by the step id, so a replay records it once. */
    public Uni<Void> recordStep(dev.engram.agent.loop.StepInfo s, String stepId, Instant started, String status, Throwable error) {
        return insert(record(s, stepId, started, status, error));
    }

    /** Stores the step with its usage event (see {@link RunRepository#insertStep}); counts it once it is new. */
    private Uni<Void> insert(StepRecord step) {
        return runs.insertStep(step).invoke(inserted -> {
            if (inserted) {
                metrics.step(step.organizationId, step.promptTokens, step.completionTokens, step.cachedInputTokens);
            }
        }).replaceWithVoid();
    }

    private static StepRecord record(dev.engram.agent.loop.StepInfo s, String stepId, Instant started, String status, Throwable error) {
        StepRecord step = new StepRecord();
        step.id = stepId;
        step.organizationId = s.organizationId();
        step.agentId = s.agentId();
        step.runId = s.runId();
        step.providerName = s.providerName();
        step.providerCategory = s.providerCategory();
        step.model = s.model();
        step.modelHandle = s.modelHandle();
        step.modelEndpoint = s.modelEndpoint();
        step.contextWindowLimit = s.contextWindow();
        step.promptTokens = s.promptTokens();
        step.completionTokens = s.completionTokens();
        step.totalTokens = s.promptTokens() + s.completionTokens();
        step.cachedInputTokens = s.cachedInputTokens();
        step.reasoningTokens = s.reasoningTokens();
        step.stopReason = s.stopReason();
        step.toolNames = new java.util.ArrayList<>(s.toolNames());
        step.stepStartNs = s.times().stepStartNs();
        step.llmRequestStartNs = s.times().llmRequestStartNs();
        step.llmRequestNs = s.times().llmRequestNs();
        step.toolExecutionNs = s.times().toolExecutionNs();
        step.stepNs = s.times().stepNs();
        step.status = status;
        step.createdAt = started.truncatedTo(ChronoUnit.MICROS);
        step.completedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (error != null) {
            step.errorType = error instanceof LlmException l ? l.kind().name().toLowerCase() : error.getClass().getSimpleName();
            step.errorData = String.valueOf(error.getMessage());
        }
        return step;
    }
}
