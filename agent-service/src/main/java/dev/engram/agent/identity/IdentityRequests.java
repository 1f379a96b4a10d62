package dev.engram.agent.identity;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** The request bodies of the identity routes (Letta's IdentityCreate, IdentityUpsert, IdentityUpdate). */
public final class IdentityRequests {

    private IdentityRequests() {
    }

    /** POST and PUT (upsert): the key, name and type are required. */
    public record Create(String identifierKey, String name, String identityType, String projectId, List<String> agentIds,
                         List<String> blockIds, JsonNode properties) {
    }

    /** PATCH: absent fields stay; properties merge by key, agent and block ids are added. */
    public record Update(String identifierKey, String name, String identityType, List<String> agentIds, List<String> blockIds,
                         JsonNode properties) {
    }
}
