package dev.engram.agent.identity;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Letta's Identity, with the ids of its agents and blocks (deprecated fields in Letta's contract, filled here). */
public record IdentityView(String id, String identifierKey, String name, String identityType, String projectId, List<String> agentIds,
                           List<String> blockIds, JsonNode properties) {

    static IdentityView of(Identity i, List<String> agentIds, List<String> blockIds) {
        return new IdentityView(i.id, i.identifierKey, i.name, i.identityType, i.projectId, agentIds, blockIds, i.properties);
    }
}
