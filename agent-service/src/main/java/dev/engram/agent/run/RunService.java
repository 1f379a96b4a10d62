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
    private final io.vertx.mutiny.ext.web.client.WebClient web;

    public RunService(RunRepository runs, io.vertx.mutiny.core.Vertx vertx) {
        this.runs = runs;
        this.web = io.vertx.mutiny.ext.web.client.WebClient.create(vertx);
    }

    /** Records a new run (status created). */
    public Uni<Run> create(Actor actor, Agent agent, JsonNode request, String idempotencyKey, boolean background, String callbackUrl) {
        Run run = new Run();
        run.id = "run-" + UUID.randomUUID();
        run.organizationId = actor.organizationId();
        run.actorId = actor.userId();
        run.agentId = agent.id;
        run.status = "created";
        run.background = background;
        run.callbackUrl = callbackUrl;
        run.request = request;
        run.idempotencyKey = idempotencyKey;
        ObjectNode metadata = JsonText.MAPPER.createObjectNode().put("run_type", background ? "send_message_async" : "send_message");
        run.metadata = metadata;
        run.requestConfig = requestConfig(request);
        run.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(run::persist).replaceWith(run)
                .onFailure(e -> idempotencyKey != null && isUniqueViolation(e)).transform(e -> new DuplicateKey());
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException
                    || t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    public Uni<Run> byIdempotencyKey(Actor actor, String agentId, String key) {
        return Panache.withSession(() -> runs.byIdempotencyKey(actor.organizationId(), agentId, key));
    }

    public Uni<Run> reload(String runId) {
        return Panache.withSession(() -> Run.<Run>findById(runId));
    }

    /** The run has its turn: it is running now (unless it was cancelled while it waited). */
    public Uni<Void> markRunning(String runId) {
        return Panache.withTransaction(() -> Run.update("status = 'running' where id = ?1 and status = 'created'", runId)).replaceWithVoid();
    }

    public Uni<Boolean> isCancelled(String runId) {
        return reload(runId).map(r -> r != null && "cancelled".equals(r.status));
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
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> runs.activeOf(actor.organizationId(), agentId).chain(active -> {
            java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
            for (Run r : active) {
                if (runIds == null || runIds.isEmpty() || runIds.contains(r.id)) {
                    r.status = "cancelled";
                    r.stopReason = "cancelled";
                    r.completedAt = now;
                    out.put(r.id, "cancelled");
                }
            }
            if (out.isEmpty()) {
                return Uni.createFrom().failure(new dev.engram.agent.web.ApiException(409, "No active run to cancel for agent " + agentId));
            }
            return Uni.createFrom().item(out);
        }));
    }

    /** Posts the run's outcome to its callback URL once it ended (5 s timeout) and records how that went. */
    public Uni<Void> callback(String runId) {
        return reload(runId).chain(r -> {
            if (r == null || r.callbackUrl == null || r.callbackSentAt != null || RunRepository.ACTIVE.contains(r.status)) {
                return Uni.createFrom().voidItem();
            }
            ObjectNode body = JsonText.MAPPER.createObjectNode();
            body.put("run_id", r.id);
            body.put("status", r.status);
            body.put("completed_at", r.completedAt == null ? null : r.completedAt.toString());
            body.set("metadata", r.metadata);
            return web.postAbs(r.callbackUrl).timeout(5000).putHeader("Content-Type", "application/json")
                    .sendBuffer(io.vertx.mutiny.core.buffer.Buffer.buffer(body.toString()))
                    .map(response -> new Object[] {response.statusCode(), null})
                    .onFailure().recoverWithItem(e -> new Object[] {null, String.valueOf(e.getMessage())})
                    .chain(result -> Panache.withTransaction(() -> Run.update(
                            "callbackSentAt = ?1, callbackStatusCode = ?2, callbackError = ?3 where id = ?4",
                            Instant.now().truncatedTo(ChronoUnit.MICROS), result[0], result[1], r.id)))
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
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String status = statusOf(stopReason);
        long durationNs = Duration.between(run.createdAt, now).toNanos();
        return Panache.withTransaction(() -> Run.<Run>findById(run.id).chain(r -> {
            boolean cancelled = "cancelled".equals(r.status);
            r.status = cancelled ? "cancelled" : status;
            r.stopReason = cancelled ? "cancelled" : stopReason;
            r.completedAt = cancelled && r.completedAt != null ? r.completedAt : now;
            r.totalDurationNs = durationNs;
            if (result != null && r.metadata instanceof ObjectNode m) {
                m.set("result", result);
            }
            return Agent.update("lastRunCompletion = ?1, lastRunDurationMs = ?2, lastStopReason = ?3 where id = ?4",
                    now, durationNs / 1_000_000, stopReason, r.agentId);
        })).replaceWithVoid();
    }

    public static String statusOf(String stopReason) {
        if ("cancelled".equals(stopReason)) {
            return "cancelled";
        }
        return COMPLETED.contains(stopReason) ? "completed" : "failed";
    }

    /** Stores the step in flight (status pending) with its plan, before any of its tools run. */
    public Uni<Void> planStep(dev.engram.agent.loop.StepInfo s, String stepId, Instant started, JsonNode plan) {
        StepRecord step = record(s, stepId, started, "pending", null);
        step.plan = plan;
        step.completedAt = null;
        return Panache.withTransaction(() -> StepRecord.<StepRecord>findById(stepId)
                .chain(existing -> existing != null ? Uni.createFrom().voidItem() : step.persist().replaceWithVoid()));
    }

    /** The step is committed in memory-service: it no longer needs its plan. */
    public Uni<Void> completeStep(String stepId, String stopReason) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> StepRecord.update("status = 'success', plan = null, completedAt = ?1, stopReason = ?2 "
                + "where id = ?3 and status = 'pending'", now, stopReason, stepId)).replaceWithVoid();
    }

    /** The step a dead replica left between its plan and its commit, if any. */
    public Uni<StepRecord> pendingStep(String runId) {
        return Panache.withSession(() -> StepRecord.<StepRecord>find("runId = ?1 and status = 'pending' order by createdAt desc", runId)
                .firstResult());
    }

    /** Records one step with its usage; keyed by the step id, so a replay records it once. */
    public Uni<Void> recordStep(dev.engram.agent.loop.StepInfo s, String stepId, Instant started, String status, Throwable error) {
        StepRecord step = record(s, stepId, started, status, error);
        return Panache.withTransaction(() -> StepRecord.<StepRecord>findById(stepId)
                .chain(existing -> existing != null ? Uni.createFrom().voidItem() : step.persist().replaceWithVoid()));
    }

    private static StepRecord record(dev.engram.agent.loop.StepInfo s, String stepId, Instant started, String status, Throwable error) {
        StepRecord step = new StepRecord();
        step.id = stepId;
        step.organizationId = s.organizationId();
        step.agentId = s.agentId();
        step.runId = s.runId();
        step.providerName = s.providerName();
        step.providerCategory = "base";
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
