package dev.engram.agent.block;

import dev.engram.agent.memory.Block;

import java.util.List;
import java.util.Map;

/** Letta's BlockResponse, field for field. */
public record BlockResponse(
        String value,
        int limit,
        String projectId,
        String templateName,
        boolean isTemplate,
        String templateId,
        String baseTemplateId,
        String deploymentId,
        String entityId,
        Boolean preserveOnMigration,
        String label,
        boolean readOnly,
        String description,
        Map<String, Object> metadata,
        Boolean hidden,
        String id,
        String createdById,
        String lastUpdatedById,
        List<String> tags) {

    public static BlockResponse of(Block b) {
        return new BlockResponse(b.value(), b.limit(), b.projectId(), b.templateName(), b.isTemplate(), b.templateId(),
                b.baseTemplateId(), b.deploymentId(), b.entityId(), b.preserveOnMigration(), b.label(), b.readOnly(),
                b.description(), b.metadata(), b.hidden(), b.id(), b.createdById(), b.lastUpdatedById(), b.tags());
    }
}
