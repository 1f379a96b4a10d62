package dev.engram.agent.block;

import jakarta.validation.constraints.Pattern;

import java.util.List;
import java.util.Map;

/** Letta's BlockUpdate: every field optional; absent (or null) fields stay as they are. */
public record BlockUpdate(
        String value,
        Integer limit,
        String projectId,
        String templateName,
        Boolean isTemplate,
        String templateId,
        String baseTemplateId,
        String deploymentId,
        String entityId,
        Boolean preserveOnMigration,
        @Pattern(regexp = "(?s).*\\S.*", message = BlockUpdate.LABEL_EMPTY) String label,
        Boolean readOnly,
        String description,
        Map<String, Object> metadata,
        Boolean hidden,
        List<String> tags) {

    public static final String LABEL_EMPTY = "String should have at least 1 character that is not a space";
}
