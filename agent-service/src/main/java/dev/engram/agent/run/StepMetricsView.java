package dev.engram.agent.run;

import dev.engram.agent.agent.Agent;

/**
 * Letta's StepMetrics: when the step and its LLM request started (ns since the epoch) and how long the request, the
 * tool calls and the whole step took (ns); null where the step did not do it (no LLM call for an approval answer, no
 * tool called) or was recorded before metrics were kept.
 */
public record StepMetricsView(String id, String providerId, String runId, String agentId, Long stepStartNs, Long llmRequestStartNs,
                              Long llmRequestNs, Long toolExecutionNs, Long stepNs, String baseTemplateId, String templateId,
                              String projectId) {

    /** {@code agent}: the step's agent, null once deleted. */
    static StepMetricsView of(StepRecord s, Agent agent) {
        return new StepMetricsView(s.id, null, s.runId, s.agentId, s.stepStartNs, s.llmRequestStartNs, s.llmRequestNs, s.toolExecutionNs,
                s.stepNs, agent == null ? null : agent.baseTemplateId, agent == null ? null : agent.templateId,
                agent == null ? null : agent.projectId);
    }
}
