package dev.engram.memory.block;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

import java.util.List;
import java.util.Map;

/** Partial update of a block (Letta's BlockUpdate): null fields are left as they are. */
public record UpdateBlock(
        String value,
        @PositiveOrZero Integer limit,
        @Pattern(regexp = "(?s).*\\S.*", message = "String should have at least 1 character that is not a space") String label,
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
}
