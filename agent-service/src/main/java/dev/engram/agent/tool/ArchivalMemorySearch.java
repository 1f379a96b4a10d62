package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.web.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.List;

/** Searches archival memory (hybrid: keywords and meaning). */
@ApplicationScoped
public class ArchivalMemorySearch implements Tool {

    private final MemoryClient memory;

    public ArchivalMemorySearch(MemoryClient memory) {
        this.memory = memory;
    }

    @Override
    public String name() {
        return "archival_memory_search";
    }

    @Override
    public String type() {
        return "letta_core";
    }

    @Override
    public String description() {
        return "Search archival memory by meaning and keywords. Returns the best matches with id, time, content and tags.";
    }

    @Override
    public ObjectNode parameters() {
        return Schemas.object()
                .string("query", "What to look for, in natural language.", true)
                .stringList("tags", "Only memories with these tags.", false)
                .choice("tag_match_mode", "\"any\" (default): at least one of the tags; \"all\": every tag.", "any", "all")
                .integer("top_k", "How many results at most (default 5).", false)
                .string("start_datetime", "Only memories from this time on (ISO 8601, e.g. 2024-01-15 or 2024-01-15T14:30).", false)
                .string("end_datetime", "Only memories up to this time (ISO 8601).", false)
                .build();
    }

    @Override
    public boolean exemptFromTruncation() {
        return true;
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        Args a = new Args(name(), call.arguments());
        MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
        q.putSingle("query", a.string("query"));
        List<String> tags = a.optionalStrings("tags");
        if (tags != null) {
            tags.forEach(t -> q.add("tags", t));
        }
        put(q, "tag_match_mode", a.optionalString("tag_match_mode"));
        Integer topK = a.optionalInt("top_k");
        put(q, "top_k", topK == null ? null : String.valueOf(topK));
        put(q, "start_datetime", a.optionalString("start_datetime"));
        put(q, "end_datetime", a.optionalString("end_datetime"));
        put(q, "embedding_handle", call.embeddingHandle());
        put(q, "timezone", call.timezone());
        return memory.searchPassages(call.actor(), call.agentId(), q)
                .map(ArchivalMemorySearch::render)
                .onFailure(ApiException.class).transform(e -> MemoryEdits.translate((ApiException) e));
    }

    /** A JSON list of {id, timestamp, content, tags, relevance}. */
    static String render(MemoryRecords.SearchResult result) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (MemoryRecords.SearchHit hit : result.results()) {
            ObjectNode r = out.addObject();
            r.put("id", hit.id());
            r.put("timestamp", hit.timestamp());
            r.put("content", hit.content());
            ArrayNode tags = r.putArray("tags");
            hit.tags().forEach(tags::add);
            r.putObject("relevance").put("score", hit.relevance()).put("search_mode", result.mode());
        }
        return out.toString();
    }

    private static void put(MultivaluedMap<String, String> q, String key, String value) {
        if (value != null) {
            q.putSingle(key, value);
        }
    }
}
