package dev.engram.memory.web;

/** Cursor pagination: items strictly after/before the item with the given id, in created_at order. */
public record Page(String after, String before, int limit, boolean ascending) {
}
