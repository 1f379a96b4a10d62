package dev.engram.memory.archive;

/** A partial update: only the fields given change. */
public record UpdateArchive(String name, String description) {
}
