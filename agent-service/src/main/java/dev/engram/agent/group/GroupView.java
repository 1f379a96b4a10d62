package dev.engram.agent.group;

import java.util.List;

/** Letta's Group. */
public record GroupView(String id, String managerType, List<String> agentIds, String description, String projectId, String templateId,
                        String baseTemplateId, String deploymentId, List<String> sharedBlockIds, String managerAgentId,
                        String terminationToken, Integer maxTurns, Integer sleeptimeAgentFrequency, Integer turnsCounter,
                        String lastProcessedMessageId, Integer maxMessageBufferLength, Integer minMessageBufferLength, Boolean hidden) {

    static GroupView of(AgentGroup g, List<String> agentIds, List<String> blockIds) {
        return new GroupView(g.id, g.managerType, agentIds, g.description, g.projectId, null, null, null, blockIds, g.managerAgentId,
                g.terminationToken, g.maxTurns, g.sleeptimeAgentFrequency, g.turnsCounter, g.lastProcessedMessageId,
                g.maxMessageBufferLength, g.minMessageBufferLength, g.hidden);
    }
}
