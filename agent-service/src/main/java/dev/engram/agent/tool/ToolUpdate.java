package dev.engram.agent.tool;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.util.List;

/** Letta's ToolUpdate: every field optional; a new source without a schema regenerates the schema. */
public record ToolUpdate(
        String description,
        List<String> tags,
        String sourceCode,
        String sourceType,
        JsonNode jsonSchema,
        JsonNode argsJsonSchema,
        @Min(value = 1, message = "Input should be greater than or equal to 1")
        @Max(value = 1_000_000, message = "Input should be less than or equal to 1000000") Integer returnCharLimit,
        List<ToolCreate.@Valid Requirement> pipRequirements,
        List<ToolCreate.@Valid Requirement> npmRequirements,
        @JsonProperty("metadata_") JsonNode metadata,
        Boolean defaultRequiresApproval,
        Boolean enableParallelExecution) {
}
