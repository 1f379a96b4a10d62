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

    public Uni<Run> start(Actor actor, Agent agent, JsonNode request, String idempotencyKey) {
        Run run = new Run();
        run.id = "run-" + UUID.randomUUID();
        run.organizationId = actor.organizationId();
        run.agentId = agent.id;
        run.status = "running";
        run.request = request;
        run.idempotencyKey = idempotencyKey;
        ObjectNode metadata = JsonText.MAPPER.createObjectNode().put("run_type", "send_message");
        run.metadata = metadata;
        run.requestConfig = requestConfig(request);
        run.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(run::persist).replaceWith(run);
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
            r.status = status;
            r.stopReason = stopReason;
            r.completedAt = now;
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

    /** Records one step with its usage; keyed by the step id, so a replay records it once. */
    public Uni<Void> recordStep(dev.engram.agent.loop.StepInfo s, String stepId, Instant started, String status, Throwable error) {
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
        return Panache.withTransaction(() -> StepRecord.<StepRecord>findById(stepId)
                .chain(existing -> existing != null ? Uni.createFrom().voidItem() : step.persist().replaceWithVoid()));
    }
}
