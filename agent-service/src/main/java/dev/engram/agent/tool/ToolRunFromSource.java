package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import java.util.List;
import java.util.Map;

/** Letta's ToolRunFromSource: build a tool from source and run it once, storing nothing. */
public record ToolRunFromSource(
        @NotNull(message = "Field required") String sourceCode,
        @NotNull(message = "Field required") JsonNode args,
        Map<String, String> envVars,
        String name,
        String sourceType,
        JsonNode argsJsonSchema,
        JsonNode jsonSchema,
        List<ToolCreate.@Valid Requirement> pipRequirements,
        List<ToolCreate.@Valid Requirement> npmRequirements) {
}
