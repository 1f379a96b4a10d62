package dev.engram.memory.block;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A block as memory-service returns it: Letta's BlockResponse plus version and timestamps. */
public record BlockResponse(
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

    static BlockResponse of(Block b) {
        return new BlockResponse(b.id, b.label, b.value, b.limit, b.description, b.readOnly, b.metadata, b.tags, b.hidden,
                b.projectId, b.template, b.templateName, b.templateId, b.baseTemplateId, b.deploymentId, b.entityId,
                b.preserveOnMigration, b.organizationId, b.version, b.createdAt, b.updatedAt, b.createdById, b.lastUpdatedById);
    }
}
