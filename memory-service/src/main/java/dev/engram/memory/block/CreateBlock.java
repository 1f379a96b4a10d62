package dev.engram.memory.block;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

import java.util.List;
import java.util.Map;

/** Request to create a block (Letta's CreateBlock). */
public record CreateBlock(
        @NotNull(message = "Field required")
        @Pattern(regexp = "(?s).*\\S.*", message = "String should have at least 1 character that is not a space") String label,
        @NotNull(message = "Field required") String value,
        @PositiveOrZero Integer limit,
        String description,
        Boolean readOnly,
        Map<String, Object> metadata,
        List<String> tags,
        Boolean hidden,
        String projectId,
        Boolean isTemplate,
        String templateName,
        String templateId,
        String baseTemplateId,
        String deploymentId,
        String entityId,
        Boolean preserveOnMigration) {

    /** Letta's default character limit. */
    public static final int DEFAULT_LIMIT = 100_000;

    public static CreateBlock of(String label, String value) {
        return new CreateBlock(label, value, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
