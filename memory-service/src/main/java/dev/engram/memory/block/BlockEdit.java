package dev.engram.memory.block;

import jakarta.validation.constraints.NotNull;

/**
 * One atomic edit of a block's value, with the semantics of Letta's memory tools.
 * <ul>
 *   <li>{@code append} ({@code core_memory_append}): {@code content} on a new line</li>
 *   <li>{@code replace_all} ({@code core_memory_replace}): every {@code old_string} becomes {@code new_string}</li>
 *   <li>{@code replace_unique} ({@code memory_replace}): the single {@code old_string} becomes {@code new_string}</li>
 *   <li>{@code insert} ({@code memory_insert}): {@code content} as lines after {@code insert_line} (0 top, -1 end)</li>
 *   <li>{@code rethink} ({@code memory_rethink}): {@code content} is the whole new value; creates the block if missing</li>
 * </ul>
 */
public record BlockEdit(
        @NotNull(message = "Field required") Op op,
        String content,
        String oldString,
        String newString,
        Integer insertLine,
        String toolCallId,
        String reason) {

    public enum Op {
        append, replace_all, replace_unique, insert, rethink
    }
}
