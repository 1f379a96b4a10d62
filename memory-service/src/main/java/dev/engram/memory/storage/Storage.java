package dev.engram.memory.storage;

/** What one organization keeps in memory-service: counts, and the bytes of the stored text (UTF-8). */
public record Storage(String organizationId, long passages, long passageBytes, long messages, long messageBytes, long blocks,
                      long blockBytes) {
}
