package dev.engram.agent.tool;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/**
 * Letta's ToolCreate (also the body of the upsert). {@code metadata_} is not in Letta's create body but is in its
 * update; taken here too, since it holds the tool's sandbox settings.
 */
public record ToolCreate(
        String description,
        List<String> tags,
        @NotNull(message = "Field required") String sourceCode,
        String sourceType,
        JsonNode jsonSchema,
        JsonNode argsJsonSchema,
        @Min(value = 1, message = "Input should be greater than or equal to 1")
        @Max(value = 1_000_000, message = "Input should be less than or equal to 1000000") Integer returnCharLimit,
        List<@Valid Requirement> pipRequirements,
        List<@Valid Requirement> npmRequirements,
        Boolean defaultRequiresApproval,
        Boolean enableParallelExecution,
        @JsonProperty("metadata_") JsonNode metadata) {

    /** Letta's PipRequirement and NpmRequirement: a package name, an optional version. */
    public record Requirement(@NotNull(message = "Field required")
                              @jakarta.validation.constraints.Size(min = 1, message = "String should have at least 1 character") String name,
                              String version) {
    }
}
