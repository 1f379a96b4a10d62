package dev.engram.agent.agentfile;

import java.util.Map;

/**
 * Letta's import form: {@code append_copy_suffix} (default true: "_copy" after the name), {@code name} /
 * {@code override_name}, {@code override_existing_tools} (default true), {@code strip_messages}, {@code secrets} /
 * {@code env_vars_json}, {@code model} / {@code override_model_handle}, {@code embedding} /
 * {@code override_embedding_handle} / the {@code x-override-embedding-model} header, {@code project_id}.
 */
public record ImportOptions(boolean appendCopySuffix, String name, boolean overrideExistingTools, boolean stripMessages,
                            Map<String, String> secrets, String model, String embedding, String projectId) {
}
