package dev.engram.agent.tool;

import dev.engram.agent.memory.Block;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.web.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Block edits for the memory tools: one atomic call to memory-service keyed by the tool call id. Rejections come back
 * as the errors the model knows (ValueError with Letta's text; KeyError for an unknown label).
 */
@ApplicationScoped
public class MemoryEdits {

    private final MemoryClient memory;

    public MemoryEdits(MemoryClient memory) {
        this.memory = memory;
    }

    /** Applies the edit to the agent's block with this label; answers the block's new value. */
    Uni<String> apply(ToolCallContext call, String label, String op, String content, String oldString, String newString,
                      Integer insertLine) {
        MemoryRecords.BlockEdit edit = new MemoryRecords.BlockEdit(op, content, oldString, newString, insertLine, call.toolCallId(), null);
        return memory.editAgentBlock(call.actor(), call.idempotencyKey(), call.agentId(), label, edit, call.conversationId())
                .map(Block::value)
                .onFailure(ApiException.class).transform(e -> translate((ApiException) e));
    }

    static Throwable translate(ApiException e) {
        return switch (e.status()) {
            case 404 -> new ToolFailure("KeyError", "'" + e.detail() + "'");
            case 400, 402, 409, 422 -> ToolFailure.valueError(e.detail());
            default -> e;
        };
    }
}
