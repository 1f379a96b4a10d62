package dev.engram.agent.agent;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Letta's UpdateAgent: absent (or null) fields stay as they are. */
public record UpdateAgent(
        String name,
        List<String> toolIds,
        List<String> blockIds,
        List<String> tags,
        String system,
        JsonNode toolRules,
        List<String> messageIds,
        String description,
        JsonNode metadata,
        JsonNode secrets,
        JsonNode toolExecEnvironmentVariables,
        String projectId,
        String templateId,
        String baseTemplateId,
        Boolean messageBufferAutoclear,
        String model,
        String embedding,
        JsonNode modelSettings,
        JsonNode compactionSettings,
        Integer contextWindowLimit,
        JsonNode llmConfig,
        JsonNode embeddingConfig,
        JsonNode responseFormat,
        Integer maxTokens,
        Boolean enableSleeptime,
        String timezone,
        Boolean hidden,
        Integer maxFilesOpen,
        Integer perFileViewWindowCharLimit,
        List<String> sourceIds,
        List<String> folderIds,
        List<String> identityIds) {

    /** The agent's folders from now on: {@code folder_ids} when given, else {@code source_ids}; null leaves them as they are. */
    public List<String> folders() {
        return folderIds != null ? folderIds : sourceIds;
    }
}
