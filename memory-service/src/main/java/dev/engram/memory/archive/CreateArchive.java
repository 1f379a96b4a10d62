package dev.engram.memory.archive;

import jakarta.validation.constraints.NotNull;

import java.util.Map;

/** A new archive; its passages are embedded with {@code embeddingHandle} (null: text only). */
public record CreateArchive(@NotNull(message = "Field required") String name, String description, String embeddingHandle,
                            Map<String, Object> metadata) {
}
