package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.web.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Stores a passage in archival memory. */
@ApplicationScoped
public class ArchivalMemoryInsert implements Tool {

    private final MemoryClient memory;
    private final dev.engram.agent.quota.StorageQuota storage;

    public ArchivalMemoryInsert(MemoryClient memory, dev.engram.agent.quota.StorageQuota storage) {
        this.memory = memory;
        this.storage = storage;
    }

    @Override
    public String name() {
        return "archival_memory_insert";
    }

    @Override
    public String type() {
        return "letta_core";
    }

    @Override
    public String description() {
        return "Store a self-contained piece of information in archival memory, your long-term store outside the "
                + "context window, searchable later by meaning and tags.";
    }

    @Override
    public ObjectNode parameters() {
        return Schemas.object()
                .string("content", "The information to store, clear on its own.", true)
                .stringList("tags", "Optional category tags, e.g. [\"meetings\", \"projects\"].", false)
                .build();
    }

    /** The memory metadata counts archival passages and lists their tags. */
    @Override
    public boolean changesMemory() {
        return true;
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        Args a = new Args(name(), call.arguments());
        MemoryRecords.CreatePassage passage = new MemoryRecords.CreatePassage(a.string("content"), a.optionalStrings("tags"), null, null,
                call.embeddingHandle());
        return storage.beforeInsert(call.actor(), 1)
                .chain(() -> memory.insertPassage(call.actor(), call.idempotencyKey(), call.agentId(),
                        call.agentName() == null ? null : call.agentName() + "'s Archive", passage))
                .replaceWith("None")
                .onFailure(ApiException.class).transform(e -> MemoryEdits.translate((ApiException) e));
    }
}
