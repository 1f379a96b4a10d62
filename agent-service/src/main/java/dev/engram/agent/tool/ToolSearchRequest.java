package dev.engram.agent.tool;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.util.List;

/** Letta's ToolSearchRequest. */
public record ToolSearchRequest(
        String query,
        String searchMode,
        List<String> toolTypes,
        List<String> tags,
        @Min(value = 1, message = "Input should be greater than or equal to 1")
        @Max(value = 100, message = "Input should be less than or equal to 100") Integer limit) {
}
