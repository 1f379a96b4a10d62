package dev.engram.agent.memory;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A block as memory-service returns it (this service's own view of that contract). */
public record Block(
        String id,
        String label,
        String value,
        int limit,
        String description,
        boolean readOnly,
        Map<String, Object> metadata,
        List<String> tags,
        Boolean hidden,
        String projectId,
        boolean isTemplate,
        String templateName,
        String templateId,
        String baseTemplateId,
        String deploymentId,
        String entityId,
        Boolean preserveOnMigration,
        String organizationId,
        long version,
        Instant createdAt,
        Instant updatedAt,
        String createdById,
        String lastUpdatedById) {
}
