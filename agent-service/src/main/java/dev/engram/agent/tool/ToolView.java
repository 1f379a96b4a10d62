package dev.engram.agent.tool;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Letta's Tool. */
public record ToolView(
        String id,
        String toolType,
        String description,
        String sourceType,
        String name,
        List<String> tags,
        String sourceCode,
        JsonNode jsonSchema,
        JsonNode argsJsonSchema,
        int returnCharLimit,
        List<Object> pipRequirements,
        List<Object> npmRequirements,
        Boolean defaultRequiresApproval,
        Boolean enableParallelExecution,
        String createdById,
        String lastUpdatedById,
        @JsonProperty("metadata_") JsonNode metadata,
        String projectId) {

    public static ToolView of(ToolEntity t) {
        return new ToolView(t.id, t.toolType, t.description, t.sourceType, t.name, t.tags, t.sourceCode, t.jsonSchema, null,
                t.returnCharLimit, null, null, t.defaultRequiresApproval, false, t.createdById, t.lastUpdatedById, t.metadata, null);
    }
}
