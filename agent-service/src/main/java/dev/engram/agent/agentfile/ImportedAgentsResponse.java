package dev.engram.agent.agentfile;

import java.util.List;

/** Letta's ImportedAgentsResponse: the ids of the agents created. */
public record ImportedAgentsResponse(List<String> agentIds) {
}
