package dev.engram.agent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.block.BlockResponse;
import dev.engram.agent.tool.ToolView;

import java.time.Instant;
import java.util.List;

/** Letta's AgentState. */
public record AgentState(
        String createdById,
        String lastUpdatedById,
        Instant createdAt,
        Instant updatedAt,
        String id,
        String name,
        JsonNode toolRules,
        List<String> messageIds,
        String system,
        String agentType,
        JsonNode llmConfig,
        JsonNode embeddingConfig,
        String model,
        String embedding,
        JsonNode modelSettings,
        JsonNode compactionSettings,
        JsonNode responseFormat,
        String description,
        JsonNode metadata,
        Memory memory,
        List<BlockResponse> blocks,
        List<ToolView> tools,
        List<Object> sources,
        List<String> tags,
        List<AgentSecrets.Variable> toolExecEnvironmentVariables,
        List<AgentSecrets.Variable> secrets,
        String projectId,
        String templateId,
        String baseTemplateId,
        String deploymentId,
        String entityId,
        List<String> identityIds,
        List<Object> identities,
        Object pendingApproval,
        boolean messageBufferAutoclear,
        Boolean enableSleeptime,
        Object multiAgentGroup,
        Object managedGroup,
        Instant lastRunCompletion,
        Long lastRunDurationMs,
        String lastStopReason,
        String timezone,
        Integer maxFilesOpen,
        Integer perFileViewWindowCharLimit,
        Boolean hidden) {

    /** Letta's (deprecated) Memory view of the blocks. */
    public record Memory(String agentType, boolean gitEnabled, List<BlockResponse> blocks, List<Object> fileBlocks, String promptTemplate) {
    }
}
