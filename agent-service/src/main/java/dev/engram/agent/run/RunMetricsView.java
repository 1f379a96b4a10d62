package dev.engram.agent.run;

import dev.engram.agent.agent.Agent;

import java.time.Duration;
import java.util.List;

/**
 * Letta's RunMetrics: when the run started (ns since the epoch), how long it took once it ended (ns; null while it
 * runs), its steps and the ids of the tools its model called (null when none).
 */
public record RunMetricsView(String id, String agentId, String projectId, Long runStartNs, Long runNs, Integer numSteps,
                             List<String> toolsUsed, String templateId, String baseTemplateId) {

    /** {@code agent}: the run's agent, null once deleted. */
    static RunMetricsView of(Run r, Agent agent, int steps, List<String> toolIds) {
        long start = r.createdAt.getEpochSecond() * 1_000_000_000L + r.createdAt.getNano();
        Long length = r.totalDurationNs != null ? r.totalDurationNs
                : r.completedAt == null ? null : Duration.between(r.createdAt, r.completedAt).toNanos();
        return new RunMetricsView(r.id, r.agentId, agent == null ? null : agent.projectId, start, length, steps,
                toolIds.isEmpty() ? null : toolIds, agent == null ? null : agent.templateId, agent == null ? null : agent.baseTemplateId);
    }
}
