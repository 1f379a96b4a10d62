package dev.engram.agent.block;

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
        String label,
        Boolean readOnly,
        String description,
        Map<String, Object> metadata,
        Boolean hidden,
        List<String> tags) {
}
