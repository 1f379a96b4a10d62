package dev.engram.agent.block;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.List;
import java.util.Map;

/**
 * Letta's CreateBlock: {@code label} and {@code value} are required; {@code limit} defaults to 100000. A label must
 * say something: a block labelled "" (or blanks) could never be addressed by label.
 */
public record CreateBlock(
        @NotNull(message = "Field required") @Pattern(regexp = "(?s).*\\S.*", message = BlockUpdate.LABEL_EMPTY) String label,
        @NotNull(message = "Field required") String value,
        Integer limit,
        String projectId,
        String templateName,
        Boolean isTemplate,
        String templateId,
        String baseTemplateId,
        String deploymentId,
        String entityId,
        Boolean preserveOnMigration,
        Boolean readOnly,
        String description,
        Map<String, Object> metadata,
        Boolean hidden,
        List<String> tags) {
}
