package dev.engram.agent.group;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Letta's GroupCreate and GroupUpdate. The manager configuration is kept as JSON: its fields depend on its
 * {@code manager_type} and are read by {@link ManagerConfig}.
 */
public final class GroupRequests {

    private GroupRequests() {
    }

    public record Create(List<String> agentIds, String description, JsonNode managerConfig, String projectId,
                         List<String> sharedBlockIds, Boolean hidden) {
    }

    public record Update(List<String> agentIds, String description, JsonNode managerConfig, String projectId,
                         List<String> sharedBlockIds) {
    }
}
