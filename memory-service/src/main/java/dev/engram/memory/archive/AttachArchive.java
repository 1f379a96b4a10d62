package dev.engram.memory.archive;

/** Attaching an archive to an agent embedded with {@code embeddingHandle} (null: a text-only agent). */
public record AttachArchive(String embeddingHandle) {
}
