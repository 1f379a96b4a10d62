package dev.engram.agent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.block.CreateBlock;
import jakarta.validation.Valid;

import java.util.List;

/** Letta's CreateAgent: every field optional. Fields a self-hosted server has no use for are accepted and ignored. */
public record CreateAgent(
        String name,
        List<@Valid CreateBlock> memoryBlocks,
        List<String> tools,
        List<String> toolIds,
        List<String> blockIds,
        JsonNode toolRules,
        List<String> tags,
        String system,
        String agentType,
        List<MessageCreate> initialMessageSequence,
        Boolean includeBaseTools,
        Boolean includeMultiAgentTools,
        Boolean includeBaseToolRules,
        String description,
        JsonNode metadata,
        JsonNode llmConfig,
        JsonNode embeddingConfig,
        String model,
        String embedding,
        JsonNode modelSettings,
        JsonNode compactionSettings,
        Integer contextWindowLimit,
        Integer embeddingChunkSize,
        Integer maxTokens,
        String timezone,
        Boolean messageBufferAutoclear,
        Boolean enableSleeptime,
        JsonNode responseFormat,
        JsonNode secrets,
        JsonNode toolExecEnvironmentVariables,
        String projectId,
        String templateId,
        String baseTemplateId,
        Boolean hidden,
        Integer maxFilesOpen,
        Integer perFileViewWindowCharLimit,
        List<String> sourceIds,
        List<String> folderIds,
        List<String> identityIds) {

    /** The folders to attach: {@code folder_ids} when given, else {@code source_ids} (Letta's older name); never null. */
    public List<String> foldersToAttach() {
        List<String> ids = folderIds != null && !folderIds.isEmpty() ? folderIds : sourceIds;
        return ids == null ? List.of() : ids;
    }
}
