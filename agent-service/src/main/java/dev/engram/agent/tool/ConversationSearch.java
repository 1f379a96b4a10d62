package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.web.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Searches the conversation history (recall memory), including what was evicted from the context window. */
@ApplicationScoped
public class ConversationSearch implements Tool {

    private final MemoryClient memory;

    public ConversationSearch(MemoryClient memory) {
        this.memory = memory;
    }

    @Override
    public String name() {
        return "conversation_search";
    }

    @Override
    public String type() {
        return "letta_core";
    }

    @Override
    public String description() {
        return "Search past messages of this conversation, including those no longer in your context window. "
                + "Full-text match on the query; without a query, the most recent messages.";
    }

    @Override
    public ObjectNode parameters() {
        return Schemas.object()
                .string("query", "Words to look for.", false)
                .enumList("roles", "Only messages from these roles.", "assistant", "user", "tool")
                .integer("limit", "How many results at most (default 5).", false)
                .string("start_date", "From this date or time on, inclusive (ISO 8601, e.g. 2024-01-15 or 2024-01-15T14:30).", false)
                .string("end_date", "Up to this date or time, inclusive; a date alone covers the whole day.", false)
                .build();
    }

    @Override
    public boolean exemptFromTruncation() {
        return true;
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        Args a = new Args(name(), call.arguments());
        MemoryRecords.ConversationSearch search = new MemoryRecords.ConversationSearch(a.optionalString("query"),
                a.optionalStrings("roles"), a.optionalInt("limit"), a.optionalString("start_date"), a.optionalString("end_date"),
                call.timezone());
        return memory.conversationSearch(call.actor(), call.agentId(), search)
                .map(Object::toString)
                .onFailure(ApiException.class).transform(e -> MemoryEdits.translate((ApiException) e));
    }
}
