package dev.engram.memory.block;

import java.util.List;

/** Filters of the block list (a subset of Letta's list_blocks query). Null means "no filter". */
public record BlockFilter(
        String label,
        String labelSearch,
        String descriptionSearch,
        String valueSearch,
        String templateName,
        String projectId,
        boolean templatesOnly,
        List<String> tags,
        boolean matchAllTags,
        boolean showHidden,
        Integer connectedGt,
        Integer connectedLt,
        List<Integer> connectedEq,
        /** Only these blocks (Letta has no such filter: agent-service lists an identity's blocks with it). */
        List<String> ids) {
}
