package dev.engram.agent.agent;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.Map;

/**
 * Letta's GenerateRequest: one prompt for the agent's model (or {@code override_model}'s), optionally answered in the
 * shape of {@code response_schema} (a JSON Schema object with {@code properties} and, optionally, {@code required}).
 */
public record GenerateRequest(
        @NotNull(message = "Field required") @Size(min = 1, message = "String should have at least 1 character") String prompt,
        String systemPrompt,
        String overrideModel,
        Map<String, Object> responseSchema) {
}
